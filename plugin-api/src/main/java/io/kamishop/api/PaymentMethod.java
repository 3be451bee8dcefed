package io.kamishop.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One way to pay that a channel offers buyers as a choice of its own, for channels that front
 * several wallets (an aggregator such as EPay takes Alipay, WeChat Pay, QQ Pay, USDT, ... through one
 * merchant account). See {@link PaymentChannel#methods()}.
 *
 * <p>The store offers each method under the id {@code <channel id>-<id>} (for channel {@code epay}
 * and method {@code alipay}: {@code epay-alipay}); buyers choose it, orders record it, and the
 * channel learns the choice from {@link PaymentRequest#method()}. Notifications, queries and refunds
 * still go to the channel itself ({@code /api/payments/epay/notify}).
 *
 * @param id          the suffix of the offered id, {@code [a-z0-9_]{1,32}}, e.g. {@code alipay}
 * @param displayName the name shown to buyers, e.g. {@code Alipay 支付宝}
 * @since 1.3.0
 */
public record PaymentMethod(String id, String displayName) {

    private static final Pattern ID = Pattern.compile("[a-z0-9_]{1,32}");

    public PaymentMethod {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a payment method id is [a-z0-9_]{1,32}, not '" + id + "'");
        }
        displayName = displayName == null || displayName.isBlank() ? id : displayName;
    }
}
