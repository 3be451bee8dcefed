package io.kamishop.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A payment channel: turns an order into something a buyer can pay, and a gateway's notification
 * into a verified, normalised {@link PaymentNotification}.
 *
 * <p>The channel verifies; the core decides. A channel never changes an order: it checks signatures
 * and tells the host what the gateway says happened. The host then checks the amount and currency
 * against the order, records the notification exactly once (unique on channel and gateway trade
 * number) and moves the order forward. So a channel may be called with the same notification any
 * number of times and in any order.
 *
 * <p>Implementations are {@code @Extension}s, created once and called from many threads.
 */
public interface PaymentChannel extends KamishopExtension {

    /** What a channel can do beyond taking payments. */
    enum Capability {
        QUERY,
        REFUND,
        CLOSE
    }

    /** Stable id used in URLs ({@code /api/payments/{id}/notify}) and by buyers choosing a channel, e.g. {@code alipay}. */
    String id();

    /** Name shown to buyers, e.g. {@code Alipay}. */
    String displayName();

    /**
     * The ways to pay this channel offers buyers as separate choices, or none (the default) for a
     * channel that is one choice under its own {@link #id()}.
     *
     * <p>When this is not empty the store lists each method as {@code <id>-<method id>} with the
     * method's name instead of the channel itself, accepts those ids at checkout, and passes the
     * buyer's choice to {@link #createPayment} in {@link PaymentRequest#method()}. Everything else
     * stays with the channel: notifications arrive at {@code /api/payments/<id>/notify}, and
     * {@link #queryStatus}, {@link #refund} and {@link #close} are called for orders of any of its
     * methods. May change with the settings (read them when called); an order placed through a method
     * the merchant has since removed still settles, queries and refunds through this channel.
     *
     * @since 1.3.0
     */
    default List<PaymentMethod> methods() {
        return List.of();
    }

    /** Optional operations this channel implements; the default is none. */
    default Set<Capability> capabilities() {
        return Set.of();
    }

    /**
     * Whether the channel is configured well enough to offer to buyers now. A channel without its
     * credentials returns {@code false} and is not listed.
     */
    default boolean isReady() {
        return true;
    }

    /**
     * Checks the stored credentials with one harmless authenticated call to the gateway (retrieve the
     * account balance, obtain an OAuth token, query an order number that does not exist), for the
     * admin's "test connection" button ({@code POST /api/admin/payments/{plugin}/test}).
     *
     * <p>Called on the merchant's request thread, outside any transaction, only when the merchant asks.
     * It must not create, change or charge anything at the gateway. Return
     * {@link ConnectionCheck#failed} with what the gateway answered rather than throwing; a thrown
     * exception is shown to the merchant as a failure. The default answers
     * {@link ConnectionCheck#notSupported()}, so channels built before 1.4 keep working unchanged.
     *
     * @since 1.4.0
     */
    default ConnectionCheck testConnection() {
        return ConnectionCheck.notSupported();
    }

    /**
     * Starts a payment for a freshly created order. Called outside any database transaction, may
     * call the gateway. Throw {@link PaymentException} when the gateway fails; the order stays
     * pending and the buyer can retry.
     */
    PaymentInstructions createPayment(PaymentRequest request) throws PaymentException;

    /**
     * Verifies and reads a notification the gateway sent to {@code /api/payments/{id}/notify}.
     *
     * @return the normalised event, with the exact acknowledgement body the gateway expects
     * @throws NotificationRejectedException when verification fails or the request is not a
     *         notification; the host answers 400 and changes nothing
     */
    PaymentNotification parseNotification(IncomingRequest request) throws NotificationRejectedException;

    /** Asks the gateway what became of a payment (for the reconciler). Only called with {@link Capability#QUERY}. */
    default PaymentStatus queryStatus(PaymentQuery query) throws PaymentException {
        throw new PaymentException("query is not supported by " + id());
    }

    /** Refunds a payment. Must be idempotent on {@link RefundRequest#refundId()}. Only called with {@link Capability#REFUND}. */
    default RefundResult refund(RefundRequest request) throws PaymentException {
        throw new PaymentException("refund is not supported by " + id());
    }

    /** Closes an unpaid payment so it can no longer be paid. Only called with {@link Capability#CLOSE}. */
    default void close(PaymentQuery query) throws PaymentException {
        throw new PaymentException("close is not supported by " + id());
    }

    /**
     * Serves a page of the channel's own under {@code /pay/{id}/...} (a cashier page, a QR page).
     * Return empty for paths the channel does not serve; the host answers 404.
     */
    default Optional<WebResponse> serve(IncomingRequest request) {
        return Optional.empty();
    }
}
