package io.kamishop.ledger;

import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The store's one double-entry ledger: every movement of store credit, commission or withdrawal is a
 * {@link Posting} written here as a balanced pair of entries, inside the transaction of the change that
 * caused it (the caller's {@link Handle}), so the order and its money commit together or not at all.
 *
 * <p>What always holds (pinned by {@code LedgerInvariants} after every ledger test): all entries sum to
 * zero; each account's balance is the sum of its entries; no account but the store's is below zero,
 * however many transactions race for it, on SQLite and PostgreSQL alike.
 *
 * <p>A {@link Refusal} from {@link #post} ({@code insufficient_balance}, {@code ledger_reference_reused})
 * must end the caller's transaction: by then the transfer row may be written, and only the rollback
 * that the refusal causes in {@link Database#write} takes it back.
 */
public final class Ledger {

    private final Database database;
    private final Clock clock;

    public Ledger(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Moves the money, once per reference: posting a reference again answers the first transfer and moves
     * nothing (a gateway retry, a second click, a sweeper on another node). Refuses with 409
     * {@code insufficient_balance} when the paying account holds less than the amount, and with 409
     * {@code ledger_reference_reused} when the reference was used for a different movement.
     */
    public Transfer post(Handle h, Posting posting) {
        LedgerDao dao = h.attach(LedgerDao.class);
        long now = clock.millis();
        LedgerAccount from = open(dao, posting.from(), now);
        LedgerAccount to = open(dao, posting.to(), now);
        // First the reference: a replay must find the first transfer before it touches a balance.
        var inserted = dao.insertTransfer(
                posting.reference(),
                posting.kind().code(),
                from.id(),
                to.id(),
                posting.amount(),
                posting.currency(),
                posting.memo(),
                now);
        if (inserted.isEmpty()) {
            return replayOf(dao, posting, from.id(), to.id());
        }
        long transferId = inserted.get();
        // Both rows are locked in id order, so two transfers between the same accounts in opposite
        // directions wait for each other on PostgreSQL instead of deadlocking.
        if (from.id() < to.id()) {
            debit(dao, from, posting);
            dao.credit(to.id(), posting.amount());
        } else {
            dao.credit(to.id(), posting.amount());
            debit(dao, from, posting);
        }
        dao.insertEntry(transferId, from.id(), -posting.amount(), now);
        dao.insertEntry(transferId, to.id(), posting.amount(), now);
        return new Transfer(
                transferId,
                posting.reference(),
                posting.kind().code(),
                from.id(),
                to.id(),
                posting.amount(),
                posting.currency(),
                posting.memo(),
                now);
    }

    /**
     * Moves as much of the posting's amount as the paying account holds, and answers how much that was (0
     * when it holds nothing; then nothing is written). For a claim on money that may already be gone (a
     * commission reversed after the affiliate withdrew it): the rest is the caller's to record. Both rows are
     * locked in id order before the balance is read, so a withdrawal racing it cannot take the money between
     * the read and the debit. Posting the same reference again answers the first transfer's amount.
     */
    public long postAtMost(Handle h, Posting posting) {
        LedgerDao dao = h.attach(LedgerDao.class);
        var earlier = dao.transfer(posting.reference());
        if (earlier.isPresent()) {
            return earlier.get().amount();
        }
        long now = clock.millis();
        LedgerAccount from = open(dao, posting.from(), now);
        LedgerAccount to = open(dao, posting.to(), now);
        dao.lockAccount(Math.min(from.id(), to.id()));
        dao.lockAccount(Math.max(from.id(), to.id()));
        long held = dao.accountById(from.id()).orElseThrow().balance();
        long amount = posting.from().kind().overdraftAllowed() ? posting.amount() : Math.min(held, posting.amount());
        if (amount <= 0) {
            return 0;
        }
        post(h, new Posting(posting.reference(), posting.kind(), posting.from(), posting.to(), amount, posting.memo()));
        return amount;
    }

    /**
     * Takes the row locks of these accounts (opening any that do not exist yet) in ascending id order, the order
     * every single {@link #post} locks its two rows in. A transaction about to post several movements calls it
     * first, so it never holds one account while waiting for another that a concurrent transaction holds in the
     * opposite order (two two-level reversals on PostgreSQL). Locks taken later by its postings are already held.
     */
    public void lockInIdOrder(Handle h, java.util.Collection<AccountRef> refs) {
        LedgerDao dao = h.attach(LedgerDao.class);
        long now = clock.millis();
        java.util.TreeSet<Long> ids = new java.util.TreeSet<>();
        for (AccountRef ref : refs) {
            ids.add(open(dao, ref, now).id());
        }
        for (long id : ids) {
            dao.lockAccount(id);
        }
    }

    /** The account that paid the transfer posted under {@code reference}, if there is one (a refund finds its payer). */
    public java.util.Optional<AccountRef> payer(Handle h, String reference) {
        LedgerDao dao = h.attach(LedgerDao.class);
        return dao.transfer(reference)
                .flatMap(t -> dao.accountById(t.debitId()))
                .map(a -> new AccountRef(
                        AccountKind.valueOf(a.kind().toUpperCase(java.util.Locale.ROOT)), a.owner(), a.currency()));
    }

    /** The account's balance now, 0 for an account money never moved through. */
    public long balance(AccountRef ref) {
        return database.read(h -> balance(h, ref));
    }

    /** The account's balance as the open transaction sees it. */
    public long balance(Handle h, AccountRef ref) {
        return h.attach(LedgerDao.class)
                .account(ref.kind().code(), ref.owner(), ref.currency())
                .map(LedgerAccount::balance)
                .orElse(0L);
    }

    /** What one holder has in an account of this kind, per currency (currencies never moved through are absent). */
    public Map<String, Long> balances(AccountKind kind, String owner) {
        return database.read(h -> {
            Map<String, Long> byCurrency = new java.util.TreeMap<>();
            h.attach(LedgerDao.class)
                    .accountsOf(kind.code(), owner)
                    .forEach(a -> byCurrency.put(a.currency(), a.balance()));
            return byCurrency;
        });
    }

    /** The account's entries, newest first; {@code beforeId} is the last id of the previous page (0 for the first). */
    public List<Entry> statement(AccountRef ref, long beforeId, int limit) {
        return database.read(h -> {
            LedgerDao dao = h.attach(LedgerDao.class);
            return dao.account(ref.kind().code(), ref.owner(), ref.currency())
                    .map(a -> dao.entries(a.id(), beforeId <= 0 ? Long.MAX_VALUE : beforeId, limit))
                    .orElse(List.of());
        });
    }

    private static LedgerAccount open(LedgerDao dao, AccountRef ref, long now) {
        dao.openAccount(
                ref.kind().code(), ref.owner(), ref.currency(), ref.kind().overdraftAllowed() ? 1 : 0, now);
        return dao.account(ref.kind().code(), ref.owner(), ref.currency()).orElseThrow();
    }

    private static void debit(LedgerDao dao, LedgerAccount from, Posting posting) {
        if (dao.debit(from.id(), posting.amount()) == 0) {
            throw new Refusal(
                    Refusal.Kind.CONFLICT,
                    "insufficient_balance",
                    "the balance is smaller than " + posting.amount() + " " + posting.currency(),
                    Map.of("currency", posting.currency()));
        }
    }

    private static Transfer replayOf(LedgerDao dao, Posting posting, long debitId, long creditId) {
        Transfer first = dao.transfer(posting.reference()).orElseThrow();
        boolean same = first.kind().equals(posting.kind().code())
                && first.debitId() == debitId
                && first.creditId() == creditId
                && first.amount() == posting.amount();
        if (!same) {
            throw Refusal.conflict(
                    "ledger_reference_reused", "this reference already names a different movement of money");
        }
        return first;
    }
}
