package io.kamishop.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Admin accounts, their recovery codes and the one-time setup code. */
@UseClasspathSqlLocator
@RegisterRowMapper(AdminUserDao.UserMapper.class)
public interface AdminUserDao {

    /** The sealed TOTP secret of a user who has it on, and the last time step a code was accepted for. */
    record EnabledTotp(String totpSealed, long totpLastStep) {}

    /** Inserts a user with TOTP off and returns its id. */
    @SqlQuery
    long insert(
            @Bind("name") String name,
            @Bind("hash") String passwordHash,
            @Bind("now") long now,
            @Bind("role") String role);

    @SqlUpdate
    int changeRole(@Bind("id") long id, @Bind("role") String role, @Bind("now") long now);

    /** Locks the owners' rows until the transaction ends; run before {@link #countOwners} when removing one. */
    @SqlUpdate
    int lockOwners();

    @SqlQuery
    long countOwners();

    @SqlUpdate
    int deleteSessions(@Bind("id") long userId);

    @SqlUpdate
    int delete(@Bind("id") long id);

    @SqlUpdate
    int forgetSetupCode();

    @SqlQuery
    Optional<String> passwordHash(@Bind("name") String name);

    @SqlUpdate
    int changePassword(@Bind("id") long id, @Bind("hash") String passwordHash, @Bind("now") long now);

    @SqlQuery
    long count();

    @SqlQuery
    List<AdminUser> all();

    @SqlQuery
    Optional<AdminUser> byId(@Bind("id") long id);

    @SqlQuery
    Optional<AdminUser> byName(@Bind("name") String name);

    /** Stores a new secret while TOTP is off; 0 rows when it is on. */
    @SqlUpdate
    int beginTotp(@Bind("id") long id, @Bind("sealed") String sealed, @Bind("now") long now);

    @SqlQuery
    Optional<String> pendingTotpSecret(@Bind("id") long id);

    @SqlUpdate
    int enableTotp(@Bind("id") long id, @Bind("step") long step, @Bind("now") long now);

    @SqlUpdate
    int disableTotp(@Bind("id") long id, @Bind("now") long now);

    @SqlUpdate
    int deleteRecoveryCodes(@Bind("id") long userId);

    @SqlQuery
    @RegisterConstructorMapper(EnabledTotp.class)
    Optional<EnabledTotp> enabledTotp(@Bind("id") long id);

    @SqlUpdate
    int useTotpStep(@Bind("id") long id, @Bind("step") long step);

    /** Spends an unused recovery code; 1 if it was one. */
    @SqlUpdate
    int spendRecoveryCode(@Bind("id") long userId, @Bind("hash") String codeHash, @Bind("now") long now);

    @SqlQuery
    long unusedRecoveryCodes(@Bind("id") long userId);

    @SqlUpdate
    int addRecoveryCode(@Bind("id") long userId, @Bind("hash") String codeHash);

    /** One statement, not a delete and an insert: nodes starting together on PostgreSQL raced to insert row 1. */
    @SqlUpdate
    int putSetupCode(@Bind("hash") String codeHash, @Bind("now") long now);

    @SqlQuery
    Optional<String> setupCodeHash();

    /** Reads {@code id, username, totp_enabled, created_at, role} by position. */
    final class UserMapper implements RowMapper<AdminUser> {
        @Override
        public AdminUser map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new AdminUser(
                    rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4), StaffRole.stored(rs.getString(5)));
        }
    }
}
