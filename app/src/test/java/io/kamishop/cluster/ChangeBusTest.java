package io.kamishop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.db.Database;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import io.kamishop.work.BackgroundWork;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The change bus: announced on commit only, heard by every node of the store and no other store, and self-healing. */
@PostgresTest
class ChangeBusTest {

    @Test
    void aCommittedChangeIsHeardOnEveryNodeOfTheStore() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                Database first = Database.open(pg.url());
                Database second = Database.open(pg.url());
                PgChangeBus one = new PgChangeBus(first, pg.url(), ownWork());
                PgChangeBus two = new PgChangeBus(second, pg.url(), ownWork())) {
            BlockingQueue<String> heardByOne = subscribe(one);
            BlockingQueue<String> heardByTwo = subscribe(two);

            first.write(tx -> {
                one.publish(ChangeBus.SETTINGS, "storeName");
                return null;
            });

            assertThat(heardByTwo.poll(10, TimeUnit.SECONDS)).isEqualTo("storeName");
            assertThat(heardByOne.poll(10, TimeUnit.SECONDS))
                    .as("the publishing node hears it too")
                    .isEqualTo("storeName");
        }
    }

    @Test
    void aRolledBackChangeIsNeverAnnounced() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                Database database = Database.open(pg.url());
                PgChangeBus bus = new PgChangeBus(database, pg.url(), ownWork())) {
            BlockingQueue<String> heard = subscribe(bus);

            assertThatThrownBy(() -> database.write(tx -> {
                        bus.publish(ChangeBus.SETTINGS, "rolled-back");
                        throw new IllegalStateException("the change fails");
                    }))
                    .isInstanceOf(IllegalStateException.class);
            bus.publish(ChangeBus.SETTINGS, "committed");

            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("committed");
            assertThat(heard).isEmpty();
        }
    }

    @Test
    void anotherStoreSharingTheDatabaseIsNotHeard() throws Exception {
        try (TestPostgres mine = TestPostgres.freshSchema();
                TestPostgres theirs = TestPostgres.freshSchema();
                Database myDb = Database.open(mine.url());
                Database theirDb = Database.open(theirs.url());
                PgChangeBus myBus = new PgChangeBus(myDb, mine.url(), ownWork());
                PgChangeBus theirBus = new PgChangeBus(theirDb, theirs.url(), ownWork())) {
            BlockingQueue<String> heard = subscribe(myBus);

            theirBus.publish(ChangeBus.SETTINGS, "theirs");
            myBus.publish(ChangeBus.SETTINGS, "mine");

            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("mine");
            assertThat(heard).isEmpty();
        }
    }

    @Test
    void aBusThatLostItsConnectionReconnectsAndTellsSubscribersToDropEverything() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                Database database = Database.open(pg.url());
                PgChangeBus bus = new PgChangeBus(database, pg.url(), ownWork())) {
            BlockingQueue<String> heard = subscribe(bus);

            try (Connection c = pg.connect();
                    Statement s = c.createStatement()) {
                // What a server restart or a cut network does to the listening session.
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                        + PgChangeBus.applicationName("kamishop change bus", pg.schema()) + "'");
            }

            // Once per subscribed channel: each subscriber may have missed something.
            assertThat(heard.poll(20, TimeUnit.SECONDS)).isEqualTo(ChangeBus.EVERYTHING);
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo(ChangeBus.EVERYTHING);
            TwoNodesTest.awaitTrue(bus::isListening, "the bus listens again");
            bus.publish(ChangeBus.SETTINGS, "after the reconnect");
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("after the reconnect");
            assertThat(heard).isEmpty();
        }
    }

    @Test
    void theOneNodeBusDeliversAfterCommitAndNotOnRollback() throws Exception {
        Path dir = io.kamishop.testing.ScratchDirs.create("kamishop-bus");
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("bus.db"));
                LocalChangeBus bus = new LocalChangeBus(database)) {
            BlockingQueue<String> heard = subscribe(bus);

            database.write(tx -> {
                bus.publish(ChangeBus.FLAGS, "payment-sandbox");
                assertThat(heard).as("nothing before the commit").isEmpty();
                return null;
            });
            assertThatThrownBy(() -> database.write(tx -> {
                        bus.publish(ChangeBus.FLAGS, "rolled-back");
                        throw new IllegalStateException("the change fails");
                    }))
                    .isInstanceOf(IllegalStateException.class);

            assertThat(heard).containsExactly("payment-sandbox");
        }
    }

    @Test
    void aChannelNameThatIsNotASimpleIdentifierIsRefused() throws Exception {
        Path dir = io.kamishop.testing.ScratchDirs.create("kamishop-bus");
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("bus.db"));
                LocalChangeBus bus = new LocalChangeBus(database)) {
            assertThatThrownBy(() -> bus.subscribe("x; DROP TABLE orders", p -> {}))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> bus.publish(ChangeBus.SETTINGS, "x".repeat(5000)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Each bus its own: two in one work would be two tasks of one name. A bus's close stops its task. */
    private static BackgroundWork ownWork() {
        return new BackgroundWork(Duration.ofSeconds(5));
    }

    private static BlockingQueue<String> subscribe(ChangeBus bus) {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        bus.subscribe(ChangeBus.SETTINGS, heard::add);
        bus.subscribe(ChangeBus.FLAGS, heard::add);
        return heard;
    }
}
