package io.kamishop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandleScopedDaosTest {

    public interface Facts {
        @SqlUpdate("INSERT INTO facts (v) VALUES (:v)")
        void add(@Bind("v") int v);

        @SqlQuery("SELECT COUNT(*) FROM facts")
        int count();
    }

    /** A DAO that inherits statements and has a default method: JDBI matches both by signature. */
    public interface MoreFacts extends Facts {
        @SqlQuery("SELECT COALESCE(SUM(v), 0) FROM facts")
        int sum();

        default int sumPlusCount() {
            return sum() + count();
        }
    }

    @TempDir
    Path dir;

    private Database database;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("daos.db"));
        database.write(tx -> Handles.of(tx).execute("CREATE TABLE facts (v INTEGER NOT NULL)"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private int count() {
        return database.read(tx -> tx.dao(Facts.class).count());
    }

    @Test
    void oneHandleReusesTheDaoItAttachedFirst() {
        database.write(tx -> {
            Facts first = tx.dao(Facts.class);
            assertThat(tx.dao(Facts.class)).isSameAs(first);
            first.add(1);
            tx.dao(Facts.class).add(2);
            assertThat(tx.dao(Facts.class).count()).isEqualTo(2);
            return null;
        });
    }

    @Test
    void writesShareTheLongLivedWriterAndReadsUseTheirOwnHandles() {
        Facts inFirstWrite = database.write(tx -> {
            Facts dao = tx.dao(Facts.class);
            dao.add(1);
            return dao;
        });
        Facts inSecondWrite = database.write(tx -> {
            Facts dao = tx.dao(Facts.class);
            dao.add(2);
            return dao;
        });
        assertThat(inSecondWrite).as("SQLite writes run on one kept handle").isSameAs(inFirstWrite);
        Facts inRead = database.read(tx -> tx.dao(Facts.class));
        assertThat(inRead).isNotSameAs(inFirstWrite);
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void aDatabaseFailureRetiresTheWriterSoTheNextWriteStartsAfresh() {
        Facts before = database.write(tx -> tx.dao(Facts.class));
        assertThatThrownBy(() -> database.write(tx -> Handles.of(tx).execute("INSERT INTO no_such_table VALUES (1)")))
                .isInstanceOf(JdbiException.class);
        Facts after = database.write(tx -> {
            Facts dao = tx.dao(Facts.class);
            dao.add(7);
            return dao;
        });
        assertThat(after).isNotSameAs(before);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void aRolledBackTransactionLeavesNothingBehindForTheNext() {
        try {
            database.write(tx -> {
                tx.dao(Facts.class).add(1);
                throw new IllegalStateException("abort");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(count()).isZero();
        database.write(tx -> {
            tx.dao(Facts.class).add(3);
            return null;
        });
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void inheritedAndDefaultMethodsWorkAndEachMethodIsMadeOnFirstCall() {
        int answer = database.write(tx -> {
            MoreFacts dao = tx.dao(MoreFacts.class);
            dao.add(3);
            dao.add(4);
            return dao.sumPlusCount();
        });
        assertThat(answer).isEqualTo(7 + 2);
        int count = database.read(tx -> tx.dao(MoreFacts.class).count());
        assertThat(count).isEqualTo(2);
    }

    @Test
    void theProxyAnswersObjectMethodsAsItself() {
        database.read(tx -> {
            Facts dao = tx.dao(Facts.class);
            assertThat(dao.toString()).contains(Facts.class.getName());
            assertThat(dao.equals(tx.dao(Facts.class)))
                    .as("the handle's one Facts")
                    .isTrue();
            assertThat(dao.equals(tx.dao(MoreFacts.class))).isFalse();
            assertThat(dao.hashCode()).isEqualTo(System.identityHashCode(dao));
            return null;
        });
    }
}
