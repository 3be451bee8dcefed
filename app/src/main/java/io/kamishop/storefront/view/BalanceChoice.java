package io.kamishop.storefront.view;

/**
 * "Pay from balance" on the checkout form of a signed-in buyer.
 *
 * @param email     the account's verified address, which a balance order is placed with
 * @param available the balance in the product's currency, formatted
 * @param checked   whether the buyer chose it when the form was last sent
 */
public record BalanceChoice(String email, String available, boolean checked) {}
