package io.kamishop.telegram;

import io.kamishop.db.Tx;
import io.kamishop.domain.Requester;
import io.kamishop.order.Order;
import io.kamishop.order.OrderChange;
import io.kamishop.order.OrderRequest;
import io.kamishop.order.OrderStatus;
import io.kamishop.order.PlacementStep;
import io.kamishop.order.PriceQuote;
import java.time.Clock;

/**
 * Remembers which chat placed an order and when its keys are owed there, inside the order's own
 * transactions: the link commits with the order (a placement step), and "keys due" commits with the
 * delivery (an in-transaction order listener). A crash can therefore neither leave a bot order
 * unlinked nor lose the keys message a delivered order owes.
 */
final class TelegramBuyers implements PlacementStep {

    private final Clock clock;
    private final KeysToChat keys;

    TelegramBuyers(Clock clock, KeysToChat keys) {
        this.clock = clock;
        this.keys = keys;
    }

    /**
     * The order's email for a Telegram buyer, who is never asked for one: under {@code .invalid}, the
     * top-level domain reserved never to exist (RFC 2606), so the mail outbox knows not to mail it.
     */
    static String emailOf(long telegramUserId) {
        return "tg" + telegramUserId + "@telegram.invalid";
    }

    @Override
    public void placed(Tx tx, Order order, OrderRequest request, PriceQuote quote) {
        Requester.ChatUser chat = request.requester().chat();
        if (chat != null) {
            String language = request.requester().language();
            tx.dao(TelegramDao.class)
                    .link(
                            order.id(),
                            order.orderNo(),
                            chat.userId(),
                            chat.chatId(),
                            clock.millis(),
                            language == null || language.length() > 35 ? null : language);
        }
    }

    /** Inside the transaction that moves an order: a delivered bot order now owes its chat the keys. */
    void onStatusChange(Tx tx, OrderChange change) {
        // Once per order: a redelivery or a second status change finds the message owed already.
        if (change.to() == OrderStatus.DELIVERED && change.order().email().endsWith("@telegram.invalid")) {
            keys.owe(change.order());
        }
    }
}
