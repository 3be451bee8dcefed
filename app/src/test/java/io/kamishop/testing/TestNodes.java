package io.kamishop.testing;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Nodes of one store for a test: each a real server with its own data dir, all on one fresh
 * PostgreSQL schema and one master key, as an operator would run them behind a load balancer.
 * {@link #close()} stops the nodes still running and drops the schema.
 */
public final class TestNodes implements AutoCloseable {

    private final TestPostgres postgres;
    private final String masterKey;
    private final Clock clock;
    private final List<TestStore> started = new ArrayList<>();

    private TestNodes(TestPostgres postgres, Clock clock) {
        this.postgres = postgres;
        this.clock = clock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.masterKey = Base64.getEncoder().encodeToString(key);
    }

    /** A fresh schema; skips (or fails on CI) when PostgreSQL does not answer. */
    public static TestNodes onFreshSchema(Clock clock) {
        return new TestNodes(TestPostgres.freshSchema(), clock);
    }

    public static TestNodes onFreshSchema() {
        return onFreshSchema(Clock.systemUTC());
    }

    /** Starts one more node of the store. */
    public TestStore startNode() {
        return startNode(builder());
    }

    /** Starts one more node from a builder this class made ({@link #builder()}) and the test changed. */
    public TestStore startNode(TestStore.Builder builder) {
        TestStore node = builder.start();
        synchronized (started) {
            started.add(node);
        }
        return node;
    }

    /** A node's builder, for a test that wants to change more (its own clock, more settings). */
    public TestStore.Builder builder() {
        return TestStore.builder()
                .clock(clock)
                .env("KAMISHOP_DB_URL", postgres.url())
                .env("KAMISHOP_MASTER_KEY", masterKey)
                .env("KAMISHOP_SWEEP_INTERVAL_MILLIS", "200");
    }

    public TestPostgres postgres() {
        return postgres;
    }

    /** Stops a node as its operator would, or as a crash would from the other nodes' view. */
    public void stop(TestStore node) {
        node.close();
        synchronized (started) {
            started.remove(node);
        }
    }

    @Override
    public void close() {
        List<TestStore> running;
        synchronized (started) {
            running = new ArrayList<>(started);
            started.clear();
        }
        for (TestStore node : running) {
            try {
                node.close();
            } catch (RuntimeException e) {
                // keep stopping the others; the schema is dropped below either way
            }
        }
        postgres.close();
    }
}
