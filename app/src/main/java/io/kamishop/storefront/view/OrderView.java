package io.kamishop.storefront.view;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An order as its buyer sees it on the order page.
 *
 * @param status      the contract's status code, e.g. {@code pending}
 * @param progress    where the order stands for its buyer, e.g. {@code in_review}; templates translate {@code progress.<code>}
 * @param amount      the total formatted for the buyer's language
 * @param createdAt   when it was placed, formatted in UTC (a script shows it in the buyer's time zone)
 * @param createdAtUtc the same instant as ISO-8601 in UTC, for {@code <time datetime>}
 * @param expiresAt   when an unpaid order gives its stock back, formatted in UTC
 * @param expiresAtUtc the same instant as ISO-8601 in UTC
 * @param keys        the delivered keys, empty until delivered
 * @param pollUrl     the JSON API URL the page polls while the order may still change
 * @param payUrl      where the "pay now" form posts, for a pending order
 * @param downloadUrl the keys as a .txt file
 * @param files       the files delivered (a file product), empty until delivered and after a refund
 * @param fee         the payment channel's surcharge included in {@code amount}, formatted, or {@code null} when none
 * @param buyAgainUrl the product's page for an order that lapsed unpaid, or {@code null}
 * @param switchUrl   where "pay another way" posts, for a pending order
 * @param otherChannels the channels a pending order may switch to, each with what the order would cost there
 */
public record OrderView(
        String orderNo,
        String status,
        String progress,
        String productName,
        int quantity,
        String amount,
        String createdAt,
        String createdAtUtc,
        String expiresAt,
        String expiresAtUtc,
        boolean pending,
        boolean waiting,
        List<DeliveredKey> keys,
        String url,
        String pollUrl,
        String payUrl,
        String downloadUrl,
        List<DeliveredFile> files,
        @Nullable String fee,
        @Nullable String buyAgainUrl,
        String switchUrl,
        List<ChannelOption> otherChannels) {}
