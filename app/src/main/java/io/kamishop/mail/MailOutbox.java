package io.kamishop.mail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.config.StoreSettings;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import io.kamishop.db.Tx;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.domain.Refusal;
import io.kamishop.observability.LogContext;
import io.kamishop.order.Order;
import io.kamishop.order.OrderChange;
import io.kamishop.order.OrderService;
import io.kamishop.order.OrderStatus;
import io.kamishop.outbox.Outbox;
import io.kamishop.outbox.OutboxHandler;
import io.kamishop.outbox.OutboxMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The buyer mails: the {@code mail} topic of the {@link Outbox}.
 *
 * <p>A mail is owed the moment an order is paid or delivered, so its outbox row is written inside
 * that transaction ({@link #onStatusChange}): if the order change commits, the mail is owed, even if
 * the process dies the next instant. The outbox leases, retries and gives up; this class says what a
 * mail says. Bodies are rendered when sent, from the order; the keys are read from the encrypted stock,
 * so the outbox holds an order id, a kind and an address, never a key.
 */
public final class MailOutbox implements OutboxHandler {

    static final String ORDER_PAID = "order_paid";
    static final String KEYS_DELIVERED = "keys_delivered";
    static final String TOPIC = "mail";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final Outbox outbox;
    private final OrderService orders;
    private final DeliveryService delivery;
    private final MailSettings settings;
    private final StoreSettings storeSettings;
    private final io.kamishop.api.StoreUrls storeUrls;

    private final MailRenderer renderer = new MailRenderer();
    private final SmtpTransport transport = new SmtpTransport();
    /** The sign-in code mails, the outbox's {@code mail-code} topic: they share this renderer. */
    private final CodeMails codeMails;

    private final Function<Order, Optional<Boolean>> chatResend;

    /**
     * @param storeUrls the store's public address, for the order link in each mail
     * @param codeSeal seals a one-time code while its mail waits in the outbox (see {@link CodeMails})
     * @param chatResend for orders placed where the buyer gave no mail address (the Telegram bot): "resend the keys"
     *                   sends them there instead; answers empty for an order it does not know, else whether it queued
     *                   a message now
     */
    public MailOutbox(
            Database database,
            Outbox outbox,
            OrderService orders,
            DeliveryService delivery,
            MailSettings settings,
            StoreSettings storeSettings,
            io.kamishop.api.StoreUrls storeUrls,
            SecretBox codeSeal,
            Function<Order, Optional<Boolean>> chatResend,
            Clock clock) {
        this.database = database;
        this.chatResend = chatResend;
        this.outbox = outbox;
        this.storeUrls = storeUrls;
        this.orders = orders;
        this.delivery = delivery;
        this.settings = settings;
        this.storeSettings = storeSettings;
        this.codeMails = new CodeMails(outbox, settings, storeSettings, codeSeal, renderer, clock);
    }

    /** The sign-in code mails' handler, to register with the outbox beside this one. */
    public CodeMails codeMails() {
        return codeMails;
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public boolean ready() {
        return settings.current().configured(); // rows wait, nothing is lost: they go once SMTP is set up
    }

    /** Inside the transaction that moves an order: owes the buyer a mail for it. */
    public void onStatusChange(Tx h, OrderChange change) {
        String kind = change.to() == OrderStatus.PAID
                ? ORDER_PAID
                : change.to() == OrderStatus.DELIVERED ? KEYS_DELIVERED : null;
        // A buyer through the Telegram bot has no email; their order carries an address under the reserved
        // .invalid domain (RFC 2606), which no server takes: the bot brings them the keys instead.
        if (kind == null || change.order().email().endsWith(".invalid")) {
            return;
        }
        long orderId = change.order().id();
        // An order paid and delivered in the same transaction (the usual case) gets the keys mail only: it
        // says everything the "payment received" mail would, and the row not written is a statement saved.
        outbox.enqueue(
                TOPIC,
                orderId + ":" + kind,
                orderId,
                payload(kind, change.order().email()),
                kind.equals(KEYS_DELIVERED) ? orderId + ":" + ORDER_PAID : null);
    }

    /**
     * One sending pass over every due mail, sign-in codes first (a buyer waits for them at the sign-in form).
     * Returns how many were sent. The outbox's own tasks do this in the running store, a topic each.
     */
    public int sendDue() {
        return outbox.sendDue(CodeMails.TOPIC) + outbox.sendDue(TOPIC);
    }

    @Override
    public @Nullable String handle(OutboxMessage message) throws Exception {
        JsonNode payload = JSON.readTree(message.payload());
        String kind = payload.path("kind").asText();
        String recipient = payload.path("recipient").asText();
        // Every mail row is enqueued with its order's id (onStatusChange above).
        long orderId = Objects.requireNonNull(message.orderId(), "mail without an order");
        Order order = database.read(h -> orders.reload(h, orderId));
        try (LogContext.Scope logged = LogContext.order(order.orderNo(), order.channel())) {
            if (kind.equals(ORDER_PAID) && order.state() != OrderStatus.PAID) {
                // Delivered in the same breath (or refunded): the keys mail says it all, one mail is enough.
                return "skipped";
            }
            List<String> keys = kind.equals(KEYS_DELIVERED) ? delivery.visibleKeys(order) : List.of();
            if (kind.equals(KEYS_DELIVERED) && keys.isEmpty()) {
                // A file order: files are not attached; the mail names them, and the order link below downloads them.
                keys = delivery.visibleFiles(order).stream()
                        .map(f -> f.name() + " — 请在订单页面下载 / download it from your order page")
                        .toList();
            }
            String orderUrl = storeUrls
                    .orderPage(order.orderNo(), orders.mailLinkToken(order.orderNo()))
                    .toString();
            RenderedMail rendered =
                    renderer.render(kind, order, keys, storeSettings.get(StoreSettings.STORE_NAME), orderUrl);
            transport.send(settings.current(), recipient, rendered);
            return null;
        } catch (AddressException e) {
            throw new Permanent(e.getMessage()); // an address no server will ever take: not worth two days of retries
        } catch (SendFailedException e) {
            if (e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0) {
                throw new Permanent(e.getMessage());
            }
            throw e;
        }
    }

    private static String payload(String kind, String recipient) {
        return JSON.createObjectNode()
                .put("kind", kind)
                .put("recipient", recipient)
                .toString();
    }

    /**
     * Sends a delivered order's keys mail again (the buyer lost it, or it went to spam). The outbox
     * keeps one row per order and mail, so this puts that row back in the queue rather than adding
     * one: asking twice before it goes out sends one mail, asking after it went sends another.
     * Returns false when the mail was already waiting to go out.
     */
    public boolean resendKeys(Order order) {
        if (order.state() != OrderStatus.DELIVERED) {
            throw Refusal.conflict("not_delivered", "only a delivered order's keys can be mailed again");
        }
        Optional<Boolean> inChat = chatResend.apply(order);
        if (inChat.isPresent()) {
            return inChat.get(); // placed in a chat: the keys go there again, never to its placeholder address
        }
        if (order.email() == null || order.email().isBlank() || order.email().endsWith(".invalid")) {
            throw Refusal.conflict("no_email", "the order has no email address to send to");
        }
        return outbox.resend(
                TOPIC, order.id() + ":" + KEYS_DELIVERED, order.id(), payload(KEYS_DELIVERED, order.email()));
    }

    /** Sends a short mail now with the current settings, so the merchant sees they work; throws what SMTP said. */
    public void sendTestMail(String recipient) throws MessagingException {
        SmtpSettings smtp = settings.current();
        if (!smtp.configured()) {
            throw Refusal.conflict("mail_not_configured", "set the SMTP host and the sender address first");
        }
        String store = storeSettings.get(StoreSettings.STORE_NAME);
        String text = "This is a test mail from " + store + ". Mail settings work.";
        transport.send(
                smtp,
                recipient,
                new RenderedMail(
                        store + ": test mail",
                        text,
                        "<p>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</p>"));
    }

    /**
     * The latest mails, newest first, optionally of one status as the admin API names them: {@code pending},
     * {@code sent}, {@code skipped} (sent with a note: no longer owed) or {@code failed} (dead in the outbox).
     */
    public List<OutboxMessage> recent(@Nullable String status, int limit) {
        String stored = status == null
                ? null
                : switch (status) {
                    case "failed" -> "dead";
                    case "skipped" -> "sent";
                    default -> status;
                };
        return outbox.recent(TOPIC, stored, limit).stream()
                .filter(m -> status == null || status.equals(statusOf(m)))
                .toList();
    }

    /** A mail's status in the admin API's words. */
    static String statusOf(OutboxMessage mail) {
        return switch (mail.status()) {
            case "dead" -> "failed";
            case "sent" -> mail.lastError() == null ? "sent" : "skipped";
            default -> mail.status();
        };
    }

    /** What a mail was: its kind and recipient. */
    static JsonNode payloadOf(OutboxMessage mail) {
        try {
            return JSON.readTree(mail.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an outbox mail's payload is JSON", e);
        }
    }

    /** Puts a mail that gave up back in the queue; false when there is no such failed mail. */
    public boolean retry(long id) {
        return outbox.retryDead(TOPIC, id);
    }
}
