package io.kamishop.inventory;

import java.util.List;

/**
 * The outcome of one key import.
 *
 * @param imported   keys stored
 * @param duplicates keys already stored for the product, or repeated within the upload; never stored twice
 * @param rejected   lines that are not acceptable keys
 * @param problems   the first few rejected lines with their reasons (line numbers start at 1)
 */
public record ImportReport(long imported, long duplicates, long rejected, List<Problem> problems) {

    /** Why one line was refused. */
    public record Problem(long line, String reason) {}
}
