package io.kamishop.db;

import io.kamishop.observability.LogContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one open write transaction owes: rows to write just before it commits and actions to run
 * once it has. A grouped unit that is rolled back to its savepoint takes its share back with
 * {@link #dropSince}, so neither its rows nor its side effects outlive it.
 */
final class PendingWork {

    /** How much was owed when a unit started. */
    record Mark(int rows, int actions) {}

    private record Row<T>(DeferredRows<T> writer, T row) {}

    private final List<Row<?>> rows = new ArrayList<>();
    private final List<Runnable> afterCommit = new ArrayList<>();

    <T> void defer(DeferredRows<T> writer, T row) {
        rows.add(new Row<>(writer, row));
    }

    void afterCommit(Runnable action) {
        // It runs after the whole (perhaps grouped) commit: give it the MDC and trace of the work that asked for it.
        afterCommit.add(LogContext.carry(action));
    }

    Mark mark() {
        return new Mark(rows.size(), afterCommit.size());
    }

    void dropSince(Mark mark) {
        rows.subList(mark.rows(), rows.size()).clear();
        afterCommit.subList(mark.actions(), afterCommit.size()).clear();
    }

    /** Writes the deferred rows, each writer once with its rows in the order they came. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void writeDeferred(Tx tx) {
        if (rows.isEmpty()) {
            return;
        }
        Map<DeferredRows<?>, List<Object>> byWriter = new LinkedHashMap<>();
        for (Row<?> row : rows) {
            byWriter.computeIfAbsent(row.writer(), w -> new ArrayList<>()).add(row.row());
        }
        rows.clear();
        byWriter.forEach((writer, list) -> ((DeferredRows) writer).write(tx, list));
    }

    List<Runnable> afterCommitActions() {
        return afterCommit;
    }
}
