package io.kamishop.storefront.view;

import java.util.List;

/**
 * An order as its buyer sees it on the order page.
 *
 * @param status      the contract's status code, e.g. {@code pending}; templates translate {@code status.<code>}
 * @param amount      the total formatted for the buyer's language
 * @param expiresAt   when an unpaid order gives its stock back, formatted
 * @param keys        the delivered keys, empty until delivered
 * @param pollUrl     the JSON API URL the page polls while the order may still change
 * @param payUrl      where the "pay now" form posts, for a pending order
 * @param downloadUrl the keys as a .txt file
 * @param files       the files delivered (a file product), empty until delivered and after a refund
 * @param fee         the payment channel's surcharge included in {@code amount}, formatted, or {@code null} when none
 */
public record OrderView(String orderNo, String status, String productName, int quantity, String amount,
                        String createdAt, String expiresAt, boolean pending, boolean waiting, List<DeliveredKey> keys,
                        String url, String pollUrl, String payUrl, String downloadUrl, List<DeliveredFile> files,
                        String fee) {
}
