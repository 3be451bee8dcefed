package io.kamishop.api;

/**
 * What the store knows when it asks a {@link KeyFormat} for keys at delivery: the paid order they are
 * for. A format that signs licences can name the buyer in them.
 *
 * <p>Passed to {@link KeyFormat#generate(GenerationRequest)} for products of kind {@code generated},
 * inside the transaction that delivers the order: the keys returned are stored (sealed) and shown to
 * the buyer in the same commit, so a replayed payment notification never asks for them twice. Treat
 * {@code buyerEmail} as personal data: put it in a key only when the licence needs it, never log it.
 *
 * @param orderNo     the order's number, e.g. {@code 20260125-ABCDEFGH}
 * @param productId   the store's id of the product bought
 * @param productName the product's name when the order was placed
 * @param quantity    how many keys to return (1 or more), each distinct
 * @param buyerEmail  the email address the buyer gave at checkout
 */
public record GenerationRequest(String orderNo, long productId, String productName, int quantity, String buyerEmail) {

    public GenerationRequest {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
    }
}
