package io.kamishop.storefront.view;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The referral panel of "My account": the buyer's affiliate link and its figures. Amounts are formatted, one per
 * currency, only those above zero; {@code debt} is what refunds after payout left unrecovered and later commissions
 * have not yet paid down.
 *
 * @param joined false until the buyer takes a referral code (the panel then offers to)
 * @param withdrawable the currencies with an available balance, offered by the withdrawal form
 * @param withdrawal what the last withdrawal form did: {@code requested}, an error's message key, or null
 */
public record ReferralView(
        boolean joined,
        @Nullable String link,
        long clicks,
        long orders,
        List<String> pending,
        List<String> available,
        List<String> debt,
        List<String> withdrawable,
        @Nullable String withdrawal) {}
