package io.kamishop.storefront.view;

/**
 * One order a look-up found.
 *
 * @param progress     where it stands, translated as {@code progress.<code>}
 * @param createdAtUtc ISO-8601 in UTC, for {@code <time datetime>}
 * @param url          its order page, opened by the order's mail-link token
 */
public record FoundOrder(
        String orderNo,
        String productName,
        int quantity,
        String amount,
        String progress,
        String createdAt,
        String createdAtUtc,
        String url) {}
