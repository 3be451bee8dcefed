package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Concurrently;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import io.kamishop.testing.TestStore;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Roles and reports on PostgreSQL: the migration, the last-owner rule under a race, the report's sums. */
@PostgresTest
class StaffRolesOnPostgresTest {

    private static final String PASSWORD = "postgres roles password";

    @Test
    void twoOwnersDemotingEachOtherAtOnceLeaveOneOwner() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                TestStore store =
                        TestStore.builder().env("KAMISHOP_DB_URL", pg.url()).start()) {
            long a = store.http()
                    .adminPostJson("/api/admin/users", Map.of("username", "ann", "password", PASSWORD))
                    .json()
                    .get("id")
                    .asLong();
            long b = store.http()
                    .adminPostJson("/api/admin/users", Map.of("username", "bob", "password", PASSWORD))
                    .json()
                    .get("id")
                    .asLong();
            AdminUsers users = store.app().admin().users();
            for (int round = 0; round < 5; round++) {
                List<java.util.concurrent.Callable<Integer>> both =
                        List.of(() -> demote(users, a), () -> demote(users, b));
                List<Integer> outcomes = Concurrently.fireTogether(both);
                assertThat(outcomes).containsExactlyInAnyOrder(200, 409);
                assertThat(users.list())
                        .filteredOn(u -> u.role() == StaffRole.OWNER)
                        .hasSize(1);
                users.changeRole(a, "owner");
                users.changeRole(b, "owner");
            }
        }
    }

    private static int demote(AdminUsers users, long id) {
        try {
            users.changeRole(id, "viewer");
            return 200;
        } catch (io.kamishop.domain.Refusal e) {
            return 409;
        }
    }

    @Test
    void theReportSumsOnPostgres() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                TestStore store =
                        TestStore.builder().env("KAMISHOP_DB_URL", pg.url()).start()) {
            long product = store.createProduct("PG report goods", 250, "CNY");
            store.importKeys(product, List.of("PR-1", "PR-2"));
            String orderNo = store.order(product, 1).json().get("orderNo").asText();
            assertThat(store.notifySandbox(orderNo, 250, "pg-report").status()).isEqualTo(200);
            assertThat(store.http()
                            .adminPostJson(
                                    "/api/admin/orders/" + orderNo + "/refund", Map.of("amount", 50, "reason", "pg"))
                            .status())
                    .isEqualTo(200);
            SalesFigures figures = new SalesFigures(store.app().database(), ZoneId.of("UTC"));
            LocalDate today = LocalDate.now(java.time.Clock.systemUTC());
            for (SalesFigures.GroupBy by : SalesFigures.GroupBy.values()) {
                List<SalesFigures.Row> rows =
                        figures.rows(new SalesFigures.Range(today.minusDays(1), today.plusDays(1), by));
                assertThat(SalesFigures.totals(rows))
                        .as(by.id())
                        .containsExactly(new SalesFigures.Row("total", "total", "CNY", 1, 250, 1, 50));
            }
        }
    }
}
