package io.kamishop.ledger;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The ledger's tables (V300); only {@link Ledger} uses them. */
@UseClasspathSqlLocator
@RegisterConstructorMapper(LedgerAccount.class)
@RegisterConstructorMapper(Transfer.class)
@RegisterConstructorMapper(Entry.class)
@RegisterConstructorMapper(JournalLine.class)
public interface LedgerDao {

    /** Makes the account unless it exists (two first movements racing make it once). */
    @SqlUpdate
    int openAccount(
            @Bind("kind") String kind,
            @Bind("owner") String owner,
            @Bind("currency") String currency,
            @Bind("overdraftAllowed") int overdraftAllowed,
            @Bind("now") long now);

    @SqlQuery
    Optional<LedgerAccount> account(
            @Bind("kind") String kind, @Bind("owner") String owner, @Bind("currency") String currency);

    @SqlQuery
    Optional<LedgerAccount> accountById(@Bind("id") long id);

    @SqlQuery
    List<LedgerAccount> accountsOf(@Bind("kind") String kind, @Bind("owner") String owner);

    /** The new transfer's id; empty when a transfer with this reference exists (a replay). */
    @SqlQuery
    Optional<Long> insertTransfer(
            @Bind("reference") String reference,
            @Bind("kind") String kind,
            @Bind("debitId") long debitId,
            @Bind("creditId") long creditId,
            @Bind("amount") long amount,
            @Bind("currency") String currency,
            @Bind("memo") String memo,
            @Bind("now") long now);

    @SqlQuery
    Optional<Transfer> transfer(@Bind("reference") String reference);

    /** 1 when the account gave {@code amount}, 0 when it holds less and may not go below zero. */
    @SqlUpdate
    int debit(@Bind("id") long id, @Bind("amount") long amount);

    @SqlUpdate
    int lockAccount(@Bind("id") long id);

    @SqlUpdate
    int credit(@Bind("id") long id, @Bind("amount") long amount);

    @SqlUpdate
    int insertEntry(
            @Bind("transferId") long transferId,
            @Bind("accountId") long accountId,
            @Bind("amount") long amount,
            @Bind("now") long now);

    @SqlQuery
    List<Entry> entries(@Bind("accountId") long accountId, @Bind("beforeId") long beforeId, @Bind("limit") int limit);

    /** 1 when recorded, 0 when this reference moved the debt already (a replay). */
    @SqlUpdate
    int insertDebt(
            @Bind("reference") String reference,
            @Bind("holder") String holder,
            @Bind("currency") String currency,
            @Bind("amount") long amount,
            @Bind("now") long now);

    @SqlQuery
    long debtIn(@Bind("holder") String holder, @Bind("currency") String currency);

    @SqlQuery
    @org.jdbi.v3.sqlobject.config.KeyColumn("currency")
    @org.jdbi.v3.sqlobject.config.ValueColumn("amount")
    java.util.Map<String, Long> debtsOf(@Bind("holder") String holder);

    @SqlQuery
    List<JournalLine> journal(
            @Bind("owner") String owner,
            @Bind("accountKind") String accountKind,
            @Bind("currency") String currency,
            @Bind("beforeId") long beforeId,
            @Bind("limit") int limit);
}
