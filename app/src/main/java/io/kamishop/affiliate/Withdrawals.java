package io.kamishop.affiliate;

import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import io.kamishop.ledger.AccountKind;
import io.kamishop.ledger.AccountRef;
import io.kamishop.ledger.Ledger;
import io.kamishop.ledger.Posting;
import io.kamishop.ledger.TransferKind;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * An affiliate asks to be paid; the merchant pays by hand and approves, or rejects. Asking sets the money
 * aside (available &rarr; withdrawal held) in the transaction that records the request, so the no-overdraft
 * guard of the ledger refuses a request the balance cannot cover however many race for it; approving moves it
 * to paid out, rejecting gives it back. Each decision happens once (a conditional update of the request).
 */
public final class Withdrawals {

    static final long MAX_AMOUNT = 10_000_000_000L;

    private final Database database;
    private final Ledger ledger;
    private final Clock clock;

    public Withdrawals(Database database, Ledger ledger, Clock clock) {
        this.database = database;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** 422 for a bad amount or currency; 409 {@code insufficient_balance} when the available balance is short. */
    public Withdrawal request(Affiliate affiliate, long amount, String currency, String note) {
        if (amount <= 0 || amount > MAX_AMOUNT) {
            throw Refusal.invalid("invalid_amount", "amount must be 1 to " + MAX_AMOUNT + " minor units");
        }
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw Refusal.invalid("invalid_currency", "currency must be a three-letter code such as USD");
        }
        String memo = note == null ? "" : note.strip();
        if (memo.length() > 200) {
            throw Refusal.invalid("invalid_note", "note must be at most 200 characters");
        }
        return database.write(tx -> {
            AffiliateDao dao = tx.dao(AffiliateDao.class);
            long id = dao.insertWithdrawal(affiliate.id(), amount, currency, memo, clock.millis());
            ledger.post(
                    tx,
                    new Posting(
                            "withdrawal:" + id,
                            TransferKind.WITHDRAWAL_REQUEST,
                            Commissions.available(affiliate.id(), currency),
                            held(affiliate.id(), currency),
                            amount,
                            "withdrawal " + id));
            return dao.withdrawal(id).orElseThrow();
        });
    }

    /**
     * The merchant paid it (by hand): held &rarr; paid out, with the merchant's record of the payout (at most 200
     * characters, 422 {@code invalid_payout_record} otherwise): the admin page and the JSON API both ask for it. 404
     * unknown, 409 {@code already_decided}.
     */
    public Withdrawal approve(long id, String by, String payoutRecord) {
        String record = payoutRecord == null ? "" : payoutRecord.strip();
        if (record.length() > 200 || record.chars().anyMatch(Character::isISOControl)) {
            throw Refusal.invalidFields(
                    "invalid_payout_record",
                    "the payout record is not valid",
                    Map.of("payoutRecord", "at most 200 characters on one line"));
        }
        return decide(id, "approved", by, record);
    }

    /** The merchant refused it: held &rarr; available again. 404 unknown, 409 {@code already_decided}. */
    public Withdrawal reject(long id, String by) {
        return decide(id, "rejected", by, "");
    }

    private Withdrawal decide(long id, String status, String by, String payoutRecord) {
        return database.write(tx -> {
            AffiliateDao dao = tx.dao(AffiliateDao.class);
            Withdrawal w = dao.withdrawal(id)
                    .orElseThrow(() -> Refusal.notFound("withdrawal_not_found", "no withdrawal " + id));
            if (dao.decideWithdrawal(id, status, by, payoutRecord, clock.millis()) == 0) {
                throw new Refusal(
                        Refusal.Kind.CONFLICT,
                        "already_decided",
                        "withdrawal " + id + " is "
                                + dao.withdrawal(id).orElseThrow().status(),
                        Map.of());
            }
            boolean approved = "approved".equals(status);
            ledger.post(
                    tx,
                    new Posting(
                            "withdrawal:" + id + ":" + status,
                            approved ? TransferKind.WITHDRAWAL_PAYOUT : TransferKind.WITHDRAWAL_REJECTED,
                            held(w.affiliateId(), w.currency()),
                            approved
                                    ? paidOut(w.affiliateId(), w.currency())
                                    : Commissions.available(w.affiliateId(), w.currency()),
                            w.amount(),
                            "withdrawal " + id + " " + status));
            return dao.withdrawal(id).orElseThrow();
        });
    }

    /** Newest first; {@code status} '' for all, {@code affiliateId} 0 for every affiliate. */
    public List<Withdrawal> list(String status, long affiliateId, long beforeId, int limit) {
        return database.read(tx -> tx.dao(AffiliateDao.class)
                .withdrawals(
                        status == null ? "" : status, affiliateId, beforeId <= 0 ? Long.MAX_VALUE : beforeId, limit));
    }

    static AccountRef held(long affiliateId, String currency) {
        return new AccountRef(AccountKind.WITHDRAWAL_HELD, "affiliate:" + affiliateId, currency);
    }

    static AccountRef paidOut(long affiliateId, String currency) {
        return new AccountRef(AccountKind.PAYOUT, "affiliate:" + affiliateId, currency);
    }
}
