package io.kamishop.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestNodes;
import io.kamishop.testing.TestPostgres;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The one set of migrations and SQL files, on PostgreSQL. */
@PostgresTest
class PostgresSqlTest {

    private static final Pattern NAMED_PARAMETER = Pattern.compile("(?<!:):([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern DEFINED_ATTRIBUTE = Pattern.compile("<([A-Za-z_][A-Za-z0-9_]*)>");

    /**
     * Every statement file of every feature, prepared by the server after all migrations ran: each
     * names real tables and columns, parses as PostgreSQL, and has parameters whose types the server
     * can work out. A new .sql file is checked here without anyone listing it.
     */
    @Test
    void everySqlFilePreparesOnPostgresql() throws Exception {
        List<Path> files = sqlFiles();
        assertThat(files).as("the SQL files on the test classpath").hasSizeGreaterThan(20);
        try (TestPostgres pg = TestPostgres.freshSchema();
                Database database = Database.open(pg.url());
                Connection c = pg.connect();
                Statement s = c.createStatement()) {
            List<String> problems = new ArrayList<>();
            for (Path file : files) {
                String sql = positional(Files.readString(file, StandardCharsets.UTF_8), database.dialect());
                try {
                    s.execute("PREPARE kamishop_check AS " + sql);
                    s.execute("DEALLOCATE kamishop_check");
                } catch (SQLException e) {
                    problems.add(file.getFileName() + " in " + file.getParent().getFileName() + ": " + e.getMessage());
                }
            }
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void productFlagsAndUpdatesRoundTrip() {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore node = nodes.startNode();
            long hidden = node.createProduct("Hidden", 100, "CNY");
            long shown = node.createProduct("Shown", 200, "USD");

            var update = node.http()
                    .adminPutJson(
                            "/api/admin/products/" + hidden,
                            Map.of("name", "Hidden now", "price", 150, "currency", "CNY", "active", false));

            assertThat(update.status()).as(update.body()).isEqualTo(200);
            JsonNode onSale = node.http().get("/api/products").json();
            assertThat(onSale).hasSize(1);
            assertThat(onSale.get(0).get("id").asLong()).isEqualTo(shown);
            JsonNode all = node.http().adminGet("/api/admin/products").json();
            assertThat(all).hasSize(2);
            assertThat(all.get(0).get("active").asBoolean()).isFalse();
            assertThat(all.get(0).get("price").asLong()).isEqualTo(150);
        }
    }

    @Test
    void aBuyerFindingStockHeldByExpiredOrdersGetsItWithoutTheSweeper() {
        MutableClock clock = MutableClock.now();
        try (TestNodes nodes = TestNodes.onFreshSchema(clock)) {
            TestStore node = nodes.builder()
                    .env("KAMISHOP_SWEEP_INTERVAL_MILLIS", "3600000")
                    .start();
            try (node) {
                long productId = node.createProduct("Last key", 100, "CNY");
                node.importKeys(productId, List.of("ONLY-ONE"));
                String abandoned =
                        node.order(productId, 1).json().get("orderNo").asText();
                assertThat(node.order(productId, 1).status()).isEqualTo(409);

                clock.advance(Duration.ofMinutes(16));
                var second = node.order(productId, 1);

                assertThat(second.status()).as(second.body()).isEqualTo(201);
                assertThat(node.http()
                                .adminGet("/api/admin/orders/" + abandoned)
                                .json()
                                .get("status")
                                .asText())
                        .isEqualTo("expired");
            }
        }
    }

    /** Jdbi's template: defined attributes rendered, each distinct named parameter (or JDBC ?) one $n, comments dropped. */
    static String positional(String sql, Dialect dialect) {
        String withoutComments = sql.replaceAll("(?m)--.*$", "");
        // A @BindList placeholder (ReconcilerDao's <channels>, ImageDao's <owners>) renders as a list of parameters;
        // one
        // parameter stands in for it when the statement is only prepared.
        Map<String, String> defined =
                Map.of("skipLocked", dialect.skipLocked(), "channels", ":channels", "owners", ":owners");
        Matcher attributes = DEFINED_ATTRIBUTE.matcher(withoutComments);
        StringBuilder rendered = new StringBuilder();
        while (attributes.find()) {
            String value = defined.get(attributes.group(1));
            if (value == null) {
                throw new AssertionError(
                        "<" + attributes.group(1) + "> is not defined; add it to Dialect and to this test");
            }
            attributes.appendReplacement(rendered, Matcher.quoteReplacement(value));
        }
        attributes.appendTail(rendered);
        Map<String, Integer> numbers = new LinkedHashMap<>();
        Matcher parameters = NAMED_PARAMETER.matcher(rendered);
        StringBuilder out = new StringBuilder();
        while (parameters.find()) {
            int n = numbers.computeIfAbsent(parameters.group(1), k -> numbers.size() + 1);
            parameters.appendReplacement(out, "\\$" + n);
        }
        parameters.appendTail(out);
        // Statements run through plain JDBC on a node's own session (advisory locks) use ? placeholders.
        Matcher questions = Pattern.compile("\\?").matcher(out);
        StringBuilder numbered = new StringBuilder();
        int next = numbers.size();
        while (questions.find()) {
            questions.appendReplacement(numbered, "\\$" + ++next);
        }
        questions.appendTail(numbered);
        return numbered.toString();
    }

    private static List<Path> sqlFiles() throws IOException, URISyntaxException {
        // The main classes' folder (the test classes come first on the class path and have no SQL).
        Path root = Path.of(Database.class.getResource("/db/migration").toURI())
                .getParent()
                .getParent()
                .resolve("io");
        try (Stream<Path> walk = Files.walk(root)) {
            // A file named *-sqlite.sql is SQLite's side of a dialect difference (its caller picks by Dialect).
            return walk.filter(
                            p -> p.toString().endsWith(".sql") && !p.toString().endsWith("-sqlite.sql"))
                    .sorted()
                    .toList();
        }
    }
}
