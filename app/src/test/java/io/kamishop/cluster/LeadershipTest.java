package io.kamishop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;

/** Sweeper leadership on PostgreSQL: one leader per duty, handed over when the leader goes away. */
@PostgresTest
class LeadershipTest {

    @Test
    void onlyOneNodeLeadsADutyAndAnotherTakesItWhenTheLeaderStops() {
        try (TestPostgres pg = TestPostgres.freshSchema();
                PgLeadership first = new PgLeadership(pg.url(), pg.schema());
                PgLeadership second = new PgLeadership(pg.url(), pg.schema())) {
            assertThat(first.lead(Cluster.ORDER_EXPIRY)).isTrue();
            assertThat(second.lead(Cluster.ORDER_EXPIRY)).isFalse();
            assertThat(first.lead(Cluster.ORDER_EXPIRY))
                    .as("a leader keeps leading")
                    .isTrue();
            assertThat(second.lead("reconciler"))
                    .as("duties are led independently")
                    .isTrue();

            first.close();

            assertThat(second.lead(Cluster.ORDER_EXPIRY)).isTrue();
            assertThat(first.lead(Cluster.ORDER_EXPIRY))
                    .as("a stopped node leads nothing")
                    .isFalse();
        }
    }

    @Test
    void aLeaderWhoseSessionDiedStopsLeadingAndAnotherTakesOver() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                PgLeadership first = new PgLeadership(pg.url(), pg.schema());
                PgLeadership second = new PgLeadership(pg.url(), pg.schema())) {
            assertThat(first.lead(Cluster.ORDER_EXPIRY)).isTrue();

            try (Connection c = pg.connect();
                    PreparedStatement kill = c.prepareStatement(
                            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                                    + "AND ((classid::bigint << 32) | objid::bigint) = (? & x'FFFFFFFFFFFFFFFF'::bigint)")) {
                // What a crashed process or a cut network does: the session ends, its lock with it.
                kill.setLong(1, PgLeadership.lockKey(pg.schema(), Cluster.ORDER_EXPIRY));
                kill.execute();
            }

            TwoNodesTest.awaitTrue(() -> second.lead(Cluster.ORDER_EXPIRY), "the other node takes the duty");
            assertThat(first.lead(Cluster.ORDER_EXPIRY))
                    .as("the old leader reconnects and finds the duty taken")
                    .isFalse();
        }
    }

    @Test
    void storesInOtherSchemasDoNotCompeteForTheSameDuty() {
        try (TestPostgres mine = TestPostgres.freshSchema();
                TestPostgres theirs = TestPostgres.freshSchema();
                PgLeadership me = new PgLeadership(mine.url(), mine.schema());
                PgLeadership them = new PgLeadership(theirs.url(), theirs.schema())) {
            assertThat(me.lead(Cluster.ORDER_EXPIRY)).isTrue();
            assertThat(them.lead(Cluster.ORDER_EXPIRY)).isTrue();
        }
    }
}
