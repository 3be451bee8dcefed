package io.kamishop.mail;

import io.kamishop.config.StoreSettings;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import io.kamishop.db.DeferredRows;
import io.kamishop.db.Tx;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.domain.Refusal;
import io.kamishop.observability.LogContext;
import io.kamishop.order.Order;
import io.kamishop.order.OrderChange;
import io.kamishop.order.OrderService;
import io.kamishop.order.OrderStatus;
import io.kamishop.work.BackgroundWork;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buyer mails, sent from an outbox.
 *
 * <p>A mail is owed the moment an order is paid or delivered, so its outbox row is written inside
 * that transaction ({@link #onStatusChange}): if the order change commits, the mail is owed, even if
 * the process dies the next instant. A sender then delivers due rows, and a failure (mail server down,
 * refused, timed out) only pushes the row's next attempt back, with exponential backoff up to an hour.
 * Delivery is at-least-once: a node that dies between the SMTP answer and marking the row sent will
 * send that mail again once its lease runs out.
 *
 * <p>Bodies are rendered when sent, from the order; the keys are read from the encrypted stock, so the
 * outbox never holds a key.
 */
public final class MailOutbox {

    static final String ORDER_PAID = "order_paid";
    static final String KEYS_DELIVERED = "keys_delivered";
    /** One instance, as {@link Database#defer} groups rows by their writer. */
    private static final DeferredRows<OutboxDao.Owed> ENQUEUE = MailOutbox::enqueueAll;
    /** After this many failed attempts (about two days at the capped backoff) a mail waits for the admin. */
    static final int MAX_ATTEMPTS = 60;

    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LONGEST_RETRY = Duration.ofHours(1);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final String CODE_SEAL_CONTEXT = "mail-code:";
    /** A code lives minutes: a few quick tries, then the buyer asks for another. */
    private static final int CODE_ATTEMPTS = 5;

    private static final Duration CODE_RETRY = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(MailOutbox.class);

    private final Database database;
    private final OrderService orders;
    private final DeliveryService delivery;
    private final MailSettings settings;
    private final StoreSettings storeSettings;
    private final Clock clock;
    private final io.kamishop.api.StoreUrls storeUrls;
    /** Seals a one-time code while its mail waits in the outbox (the code itself is stored only hashed). */
    private final SecretBox codeSeal;

    private final MailRenderer renderer = new MailRenderer();
    private final SmtpTransport transport = new SmtpTransport();
    // One sending pass at a time on this node; other nodes are kept off a row by its lease.
    private final ReentrantLock sending = new ReentrantLock();
    /** The sending task, once started: a commit before it (none in a running store) waits for its first pass. */
    private volatile BackgroundWork.Periodic sender;

    /** @param storeUrls the store's public address, for the order link in each mail */
    private volatile Function<Order, Optional<Boolean>> chatResend = order -> Optional.empty();

    public MailOutbox(
            Database database,
            OrderService orders,
            DeliveryService delivery,
            MailSettings settings,
            StoreSettings storeSettings,
            io.kamishop.api.StoreUrls storeUrls,
            SecretBox codeSeal,
            Clock clock) {
        this.database = database;
        this.codeSeal = codeSeal;
        this.storeUrls = storeUrls;
        this.orders = orders;
        this.delivery = delivery;
        this.settings = settings;
        this.storeSettings = storeSettings;
        this.clock = clock;
    }

    /** Polls for due rows (retries, and rows other nodes wrote) every {@code every}. */
    public void start(BackgroundWork work, Duration every) {
        sender = work.every("mail", every, every, this::sendDue);
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
        database.defer(
                h,
                ENQUEUE,
                new OutboxDao.Owed(change.order().id(), kind, change.order().email(), clock.millis()));
        database.afterCommit(this::wake);
    }

    /**
     * Writes the mails a transaction owes, just before it commits. An order paid and delivered in the
     * same transaction (the usual case) gets the keys mail only: it says everything the "payment
     * received" mail would, and the row not written is a statement saved on the payment path.
     */
    private static void enqueueAll(Tx h, List<OutboxDao.Owed> owed) {
        Set<Long> delivered = new HashSet<>();
        for (OutboxDao.Owed mail : owed) {
            if (mail.kind().equals(KEYS_DELIVERED)) {
                delivered.add(mail.orderId());
            }
        }
        List<OutboxDao.Owed> rows = delivered.isEmpty()
                ? owed
                : owed.stream()
                        .filter(m -> !(m.kind().equals(ORDER_PAID) && delivered.contains(m.orderId())))
                        .toList();
        h.attach(OutboxDao.class).enqueueAll(rows);
    }

    /** Asks the sender thread for a pass soon; many wakes before it runs make one pass. */
    void wake() {
        BackgroundWork.Periodic task = sender;
        if (task != null) {
            task.wake();
        }
    }

    /** One sending pass over every due mail. Returns how many were sent. */
    public int sendDue() {
        sending.lock();
        try {
            SmtpSettings smtp = settings.current();
            if (!smtp.configured()) {
                return 0; // rows wait, nothing is lost: they go once SMTP is set up
            }
            int sent = sendDueCodes(smtp);
            while (true) {
                List<OutboxMail> due =
                        database.read(h -> h.attach(OutboxDao.class).due(clock.millis(), 50));
                int claimed = 0;
                for (OutboxMail mail : due) {
                    long leaseUntil = clock.millis() + LEASE.toMillis();
                    boolean mine = database.write(
                                    h -> h.attach(OutboxDao.class).claim(mail.id(), mail.nextAttemptAt(), leaseUntil))
                            == 1;
                    if (mine) {
                        claimed++;
                        sent += deliver(smtp, mail) ? 1 : 0;
                    }
                }
                if (due.size() < 50 || claimed == 0) {
                    return sent;
                }
            }
        } finally {
            sending.unlock();
        }
    }

    private boolean deliver(SmtpSettings smtp, OutboxMail mail) {
        int attempt = mail.attempts() + 1;
        LogContext.Scope logged = () -> {};
        try {
            Order order = database.read(h -> orders.reload(h, mail.orderId()));
            logged = LogContext.order(order.orderNo(), order.channel());
            if (mail.kind().equals(ORDER_PAID) && order.state() != OrderStatus.PAID) {
                // Delivered in the same breath (or refunded): the keys mail says it all, one mail is enough.
                database.write(h -> h.attach(OutboxDao.class).finish(mail.id(), "skipped", clock.millis()));
                return false;
            }
            List<String> keys = mail.kind().equals(KEYS_DELIVERED) ? delivery.visibleKeys(order) : List.of();
            if (mail.kind().equals(KEYS_DELIVERED) && keys.isEmpty()) {
                // A file order: files are not attached; the mail names them, and the order link below downloads them.
                keys = delivery.visibleFiles(order).stream()
                        .map(f -> f.name() + " — 请在订单页面下载 / download it from your order page")
                        .toList();
            }
            String orderUrl = storeUrls
                    .orderPage(order.orderNo(), orders.mailLinkToken(order.orderNo()))
                    .toString();
            RenderedMail rendered =
                    renderer.render(mail.kind(), order, keys, storeSettings.get(StoreSettings.STORE_NAME), orderUrl);
            transport.send(smtp, mail.recipient(), rendered);
            database.write(h -> h.attach(OutboxDao.class).finish(mail.id(), "sent", clock.millis()));
            return true;
        } catch (Exception e) {
            long delay = Math.min(LONGEST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(attempt - 1, 20));
            // An address no server will ever take is not worth two days of retries: give up at once.
            boolean permanent = e instanceof AddressException
                    || e instanceof SendFailedException failed
                            && failed.getInvalidAddresses() != null
                            && failed.getInvalidAddresses().length > 0;
            String status = attempt >= MAX_ATTEMPTS || permanent ? "failed" : "pending";
            String error = String.valueOf(e.getMessage());
            LOG.warn(
                    "mail {} for order {} not sent (attempt {}), next try in {}s: {}",
                    mail.kind(),
                    mail.orderId(),
                    attempt,
                    delay / 1000,
                    error);
            database.write(h -> h.attach(OutboxDao.class)
                    .retryLater(
                            mail.id(),
                            status,
                            clock.millis() + delay,
                            error.length() > 500 ? error.substring(0, 500) : error));
            return false;
        } finally {
            logged.close();
        }
    }

    /**
     * Inside the transaction that issues a one-time sign-in code: owes its mail. The code waits sealed,
     * bound to its row's recipient, and is erased when the mail is sent or the code has expired.
     */
    public void oweSignInCode(Tx h, String recipient, String code, long expiresAt) {
        h.attach(CodeMailDao.class)
                .insert(recipient, codeSeal.sealText(code, CODE_SEAL_CONTEXT + recipient), expiresAt, clock.millis());
        database.afterCommit(this::wake);
    }

    /** Code mails first: a buyer waits for them at the sign-in form, and they are worth nothing later. */
    private int sendDueCodes(SmtpSettings smtp) {
        int sent = 0;
        List<CodeMailDao.CodeMail> due =
                database.read(h -> h.attach(CodeMailDao.class).due(clock.millis(), 50));
        for (CodeMailDao.CodeMail mail : due) {
            long now = clock.millis();
            if (mail.expiresAt() <= now || mail.attempts() >= CODE_ATTEMPTS) {
                database.write(h ->
                        h.attach(CodeMailDao.class).finish(mail.id(), mail.expiresAt() <= now ? "skipped" : "failed"));
                continue;
            }
            if (database.write(h ->
                            h.attach(CodeMailDao.class).claim(mail.id(), mail.nextAttemptAt(), now + LEASE.toMillis()))
                    != 1) {
                continue;
            }
            try {
                String code = codeSeal.openText(mail.sealedCode(), CODE_SEAL_CONTEXT + mail.recipient());
                transport.send(
                        smtp,
                        mail.recipient(),
                        renderer.signInCode(
                                code,
                                storeSettings.get(StoreSettings.STORE_NAME),
                                Duration.ofMillis(mail.expiresAt() - now)));
                database.write(h -> h.attach(CodeMailDao.class).finish(mail.id(), "sent"));
                sent++;
            } catch (Exception e) {
                LOG.warn(
                        "sign-in code mail {} not sent (attempt {}): {}", mail.id(), mail.attempts() + 1, e.toString());
                database.write(
                        h -> h.attach(CodeMailDao.class).retryLater(mail.id(), clock.millis() + CODE_RETRY.toMillis()));
            }
        }
        return sent;
    }

    /**
     * For orders placed where the buyer gave no mail address (the Telegram bot): "resend the keys" sends them
     * there instead. Answers empty for an order it does not know, else whether it queued a message now.
     */
    public void resendInChatWith(Function<Order, Optional<Boolean>> resend) {
        this.chatResend = resend;
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
        long now = clock.millis();
        boolean queued = database.write(h -> {
            OutboxDao dao = h.attach(OutboxDao.class);
            return dao.requeue(order.id(), KEYS_DELIVERED, order.email(), now) == 1
                    || dao.enqueue(order.id(), KEYS_DELIVERED, order.email(), now) == 1;
        });
        wake();
        return queued;
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

    public List<OutboxMail> recent(String status, int limit) {
        return database.read(h -> h.attach(OutboxDao.class).recent(status, limit));
    }

    /** Puts a mail that gave up back in the queue; false when there is no such failed mail. */
    public boolean retry(long id) {
        boolean queued = database.write(h -> h.attach(OutboxDao.class).retryNow(id, clock.millis())) == 1;
        if (queued) {
            wake();
        }
        return queued;
    }
}
