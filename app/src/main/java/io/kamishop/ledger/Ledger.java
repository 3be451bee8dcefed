package io.kamishop.ledger;

import io.kamishop.db.Database;
import io.kamishop.db.Tx;
import io.kamishop.domain.Refusal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The store's one double-entry ledger: every movement of store credit, commission or withdrawal is a
 * {@link Posting} written here as a balanced pair of entries, inside the transaction of the change that
 * caused it (the caller's {@link Tx}), so the order and its money commit together or not at all.
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
    public Transfer post(Tx tx, Posting posting) {
        LedgerDao dao = tx.dao(LedgerDao.class);
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
        // Both rows are locked in the one global order (see LOCK_ORDER), so two transfers between the same
        // accounts in opposite directions wait for each other on PostgreSQL instead of deadlocking.
        if (LOCK_ORDER.compare(from, to) < 0) {
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
    public long postAtMost(Tx tx, Posting posting) {
        LedgerDao dao = tx.dao(LedgerDao.class);
        var earlier = dao.transfer(posting.reference());
        if (earlier.isPresent()) {
            return earlier.get().amount();
        }
        long now = clock.millis();
        LedgerAccount from = open(dao, posting.from(), now);
        LedgerAccount to = open(dao, posting.to(), now);
        lock(dao, List.of(from, to));
        long held = dao.accountById(from.id()).orElseThrow().balance();
        long amount = posting.from().kind().overdraftAllowed() ? posting.amount() : Math.min(held, posting.amount());
        if (amount <= 0) {
            return 0;
        }
        post(
                tx,
                new Posting(posting.reference(), posting.kind(), posting.from(), posting.to(), amount, posting.memo()));
        return amount;
    }

    /**
     * Takes back what a refund reverses from an earning that was already released: as much as
     * {@code posting.from()} still holds ({@link #postAtMost}), and the rest, which the holder withdrew or spent,
     * recorded as the holder's debt (the account's owner, in its currency) under the same reference. The next
     * {@link #release} of any of the holder's earnings pays that debt back first. Answers what was taken.
     */
    public long reclaim(Tx tx, Posting posting) {
        long taken = postAtMost(tx, posting);
        long rest = posting.amount() - taken;
        if (rest > 0) {
            tx.dao(LedgerDao.class)
                    .insertDebt(posting.reference(), posting.from().owner(), posting.currency(), rest, clock.millis());
        }
        return taken;
    }

    /**
     * The one release step of every earning (affiliate commissions, reseller markups): the holder's debt is paid
     * back to the store first ({@code debt_repayment}, pending &rarr; store), only the rest becomes available. The
     * holder's pending, available and the store's rows are locked first, in the global order, so the debt read next
     * holds until the commit: two releases, or a release and a {@link #reclaim} of the same holder, wait for each
     * other and never net the same debt twice. Posting the same reference again moves nothing more.
     */
    public Release.Outcome release(Tx tx, Release release) {
        AccountRef store = AccountRef.store(release.currency());
        lockInOrder(tx, List.of(release.pending(), release.available(), store));
        LedgerDao dao = tx.dao(LedgerDao.class);
        long owed = Math.max(0, dao.debtIn(release.holder(), release.currency()));
        long netted = Math.min(release.amount(), owed);
        if (netted > 0) {
            String reference = release.reference() + ":debt";
            post(
                    tx,
                    new Posting(
                            reference,
                            TransferKind.DEBT_REPAYMENT,
                            release.pending(),
                            store,
                            netted,
                            release.memo() + ", pays down debt"));
            dao.insertDebt(reference, release.holder(), release.currency(), -netted, clock.millis());
        }
        if (release.amount() > netted) {
            post(
                    tx,
                    new Posting(
                            release.reference(),
                            release.kind(),
                            release.pending(),
                            release.available(),
                            release.amount() - netted,
                            release.memo()));
        }
        return new Release.Outcome(netted, release.amount() - netted);
    }

    /** The holder's debt per currency (currencies without debt are absent): see {@link #reclaim}. */
    public Map<String, Long> debts(String holder) {
        return database.read(
                tx -> new java.util.TreeMap<>(tx.dao(LedgerDao.class).debtsOf(holder)));
    }

    /**
     * Takes the row locks of these accounts (opening any that do not exist yet) in the one global order every
     * {@link #post} locks its two rows in: the store's rows first, then the others, each by id. A transaction about
     * to post several movements calls it first, so it never holds one account while waiting for another that a
     * concurrent transaction holds in the opposite order (two two-level reversals on PostgreSQL). Locks taken later
     * by its postings are already held.
     *
     * <p>Why the store first: every movement but a withdrawal's touches a store row, and a transaction may take it
     * before it knows which other rows it needs (a balance-paid order delivered in the same transaction pays
     * buyer &rarr; store, then earns store &rarr; affiliate). With the store's row first in the order, such a
     * transaction still locks in order, and every transaction that takes two rows of one currency after the
     * store's holds the store's row while it does, so they cannot wait for each other in a circle.
     */
    public void lockInOrder(Tx tx, java.util.Collection<AccountRef> refs) {
        LedgerDao dao = tx.dao(LedgerDao.class);
        long now = clock.millis();
        List<LedgerAccount> accounts = new java.util.ArrayList<>();
        for (AccountRef ref : refs) {
            accounts.add(open(dao, ref, now));
        }
        lock(dao, accounts);
    }

    /** The global lock order of ledger rows: the store's first, then by id (see {@link #lockInOrder}). */
    static final java.util.Comparator<LedgerAccount> LOCK_ORDER = java.util.Comparator.comparing(
                    (LedgerAccount a) -> !AccountKind.STORE.code().equals(a.kind()))
            .thenComparingLong(LedgerAccount::id);

    private static void lock(LedgerDao dao, List<LedgerAccount> accounts) {
        accounts.stream()
                .sorted(LOCK_ORDER)
                .mapToLong(LedgerAccount::id)
                .distinct()
                .forEach(dao::lockAccount);
    }

    /** The account that paid the transfer posted under {@code reference}, if there is one (a refund finds its payer). */
    public java.util.Optional<AccountRef> payer(Tx tx, String reference) {
        LedgerDao dao = tx.dao(LedgerDao.class);
        return dao.transfer(reference)
                .flatMap(t -> dao.accountById(t.debitId()))
                .map(a -> new AccountRef(
                        AccountKind.valueOf(a.kind().toUpperCase(java.util.Locale.ROOT)), a.owner(), a.currency()));
    }

    /** The account's balance now, 0 for an account money never moved through. */
    public long balance(AccountRef ref) {
        return database.read(tx -> balance(tx, ref));
    }

    /** The account's balance as the open transaction sees it. */
    public long balance(Tx tx, AccountRef ref) {
        return tx.dao(LedgerDao.class)
                .account(ref.kind().code(), ref.owner(), ref.currency())
                .map(LedgerAccount::balance)
                .orElse(0L);
    }

    /** What one holder has in an account of this kind, per currency (currencies never moved through are absent). */
    public Map<String, Long> balances(AccountKind kind, String owner) {
        return database.read(tx -> {
            Map<String, Long> byCurrency = new java.util.TreeMap<>();
            tx.dao(LedgerDao.class)
                    .accountsOf(kind.code(), owner)
                    .forEach(a -> byCurrency.put(a.currency(), a.balance()));
            return byCurrency;
        });
    }

    /** The account's entries, newest first; {@code beforeId} is the last id of the previous page (0 for the first). */
    public List<Entry> statement(AccountRef ref, long beforeId, int limit) {
        return database.read(tx -> {
            LedgerDao dao = tx.dao(LedgerDao.class);
            return dao.account(ref.kind().code(), ref.owner(), ref.currency())
                    .map(a -> dao.entries(a.id(), beforeId <= 0 ? Long.MAX_VALUE : beforeId, limit))
                    .orElse(List.of());
        });
    }

    /**
     * The merchant's view of the whole ledger, newest entry first, {@code limit} a page ({@code beforeId}: the last
     * id of the previous page, 0 for the first). Filtered by the account's holder ({@code owner}, e.g.
     * {@code affiliate:7}), kind and currency; {@code null} or blank for any. 422 for a kind that is none.
     */
    public List<JournalLine> journal(
            @Nullable String owner, @Nullable String kind, @Nullable String currency, long beforeId, int limit) {
        String k = kind == null ? "" : kind.strip().toLowerCase(java.util.Locale.ROOT);
        if (!k.isEmpty()
                && java.util.Arrays.stream(AccountKind.values())
                        .noneMatch(a -> a.code().equals(k))) {
            throw Refusal.invalidFields(
                    "invalid_account_kind", "no such account kind", Map.of("kind", "not an account kind: " + k));
        }
        String o = owner == null ? "" : owner.strip();
        String c = currency == null ? "" : currency.strip().toUpperCase(java.util.Locale.ROOT);
        return database.read(tx -> tx.dao(LedgerDao.class)
                .journal(o, k, c, beforeId <= 0 ? Long.MAX_VALUE : beforeId, Math.max(1, Math.min(limit, 200))));
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
