package io.kamishop.bench;

import java.util.Map;
import java.util.TreeMap;

/** Percentiles from two scrapes of a Prometheus histogram: what was recorded between them. */
final class ServerHistogram {

    private ServerHistogram() {}

    /**
     * The upper bound (ms) of the bucket holding the {@code percentile}-th observation recorded between
     * the scrapes {@code before} and {@code after} (cumulative counts by upper bound). Coarse by the
     * bucket widths, and never below the true value.
     */
    static double percentile(TreeMap<Double, Long> before, TreeMap<Double, Long> after, double percentile) {
        long total = after.lastEntry().getValue() - before.getOrDefault(after.lastKey(), 0L);
        if (total <= 0) {
            throw new IllegalStateException("the store recorded no delivery between the two scrapes");
        }
        double rank = Math.ceil(total * percentile / 100.0);
        for (Map.Entry<Double, Long> bucket : after.entrySet()) {
            long count = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0L);
            if (count >= rank) {
                return bucket.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** How many observations fell in each bucket between the scrapes, by upper bound in ms; empty buckets left out. */
    static Map<String, Long> counts(TreeMap<Double, Long> before, TreeMap<Double, Long> after) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        long below = 0;
        for (Map.Entry<Double, Long> bucket : after.entrySet()) {
            long cumulative = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0L);
            if (cumulative > below) {
                counts.put("<=" + bucket.getKey(), cumulative - below);
            }
            below = cumulative;
        }
        return counts;
    }
}
