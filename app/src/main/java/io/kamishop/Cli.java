package io.kamishop;

import io.kamishop.config.AppConfig;
import io.kamishop.config.InvalidConfigException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line: {@code kamishop [serve] [--demo] [--port N] [--data-dir DIR] [--db-url URL]}. */
@Command(
        name = "kamishop",
        mixinStandardHelpOptions = true,
        versionProvider = Cli.Version.class,
        description = "Kamishop: a self-hosted store for digital goods with automatic delivery.",
        subcommands = {
            Cli.Serve.class,
            Cli.Backup.class,
            Cli.Restore.class,
            Cli.VerifyAudit.class,
            Cli.RotateMasterKey.class,
            Cli.Admin.class,
            Cli.CdsTrainingCommand.class
        })
final class Cli implements Callable<Integer> {

    private static Map<String, String> environment = System.getenv();

    @CommandLine.Mixin
    ServeOptions options = new ServeOptions();

    static int run(String[] args, Map<String, String> env) {
        environment = env;
        return new CommandLine(new Cli()).execute(args);
    }

    @Override
    public Integer call() {
        return serve(options);
    }

    static int serve(ServeOptions options) {
        long started = System.nanoTime();
        AppConfig config;
        try {
            config = AppConfig.load(
                    environment,
                    new AppConfig.Flags(options.store.dataDir, options.port, options.store.dbUrl, options.demo));
        } catch (InvalidConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Kamishop store = Kamishop.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            store.close();
                            stopped.countDown();
                        },
                        "kamishop-shutdown"));
        announceDemoToken(config, store, System.out);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("Kamishop listening on " + store.listeners().scheme() + "://localhost:" + store.port()
                + " (started in " + millis + " ms, data in " + config.dataDir() + ")");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * A demo store has no admin yet: hand the person who started it a token, shown only here, on the
     * first demo start of this data dir. Every start used to mint one more, each live until revoked.
     */
    static void announceDemoToken(AppConfig config, Kamishop store, java.io.PrintStream out) {
        if (!config.demo() || config.adminToken().isPresent()) {
            return;
        }
        store.adminTokens()
                .createOnce("demo")
                .ifPresentOrElse(
                        token -> out.println("Demo admin token (shown once): " + token),
                        () -> out.println(
                                "Demo admin token: shown at the first demo start of this data dir (revoke or replace it at /admin/tokens)"));
    }

    /** Options shared by the top-level command and {@code serve}. */
    static final class ServeOptions {
        @Option(
                names = "--demo",
                description = "Seed a demo catalogue with demo keys and enable the sandbox payment channel.")
        boolean demo;

        @Option(names = "--port", description = "HTTP port; 0 picks a free one (env KAMISHOP_PORT, default 8080).")
        @Nullable
        Integer port;

        @CommandLine.Mixin
        StoreOptions store = new StoreOptions();
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the store (the default command).")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        ServeOptions options = new ServeOptions();

        @Override
        public Integer call() {
            return serve(options);
        }
    }

    @Command(
            name = "cds-training",
            mixinStandardHelpOptions = true,
            description = {
                "Start a throw-away demo store on a temporary data dir, ask it for a few pages, and stop.",
                "Run with -XX:ArchiveClassesAtExit=FILE to write the class-data archive that makes later starts faster",
                "(docs/performance.md); the packaging scripts do this."
            })
    static final class CdsTrainingCommand implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            int failed = CdsTraining.run(Path.of(System.getProperty("java.io.tmpdir")));
            if (failed > 0) {
                System.err.println(failed + " page(s) of the training run failed; the archive is still usable");
            }
            return 0;
        }
    }

    @Command(
            name = "backup",
            mixinStandardHelpOptions = true,
            description = {
                "Write a consistent backup of the data dir (database, master key file, plugins, themes, config),",
                "safe while the server is running. Set KAMISHOP_BACKUP_PASSPHRASE to encrypt it."
            })
    static final class Backup implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "The backup file to write.")
        @SuppressWarnings("NullAway.Init") // required: picocli sets it before call()
        Path out;

        @CommandLine.Mixin
        StoreOptions store = new StoreOptions();

        @Override
        public Integer call() {
            try {
                AppConfig config = store.config();
                if (!java.nio.file.Files.isDirectory(config.dataDir())) {
                    System.err.println("no data dir at " + config.dataDir());
                    return 2;
                }
                String written = io.kamishop.backup.Backups.create(config, out, passphrase());
                System.out.println("backup written to " + out.toAbsolutePath() + " (" + written + ")");
                if (passphrase() == null
                        && java.nio.file.Files.exists(config.dataDir().resolve("master.key"))) {
                    System.out.println("note: it contains the master key; keep it as safe as the store itself, "
                            + "or set KAMISHOP_BACKUP_PASSPHRASE to encrypt backups");
                }
                return 0;
            } catch (InvalidConfigException | IllegalArgumentException | java.io.IOException e) {
                System.err.println("backup failed: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(
            name = "restore",
            mixinStandardHelpOptions = true,
            description = "Restore a backup into an empty data dir (refuses a non-empty one).")
    static final class Restore implements Callable<Integer> {
        @Option(names = "--in", required = true, description = "The backup file to read.")
        @SuppressWarnings("NullAway.Init") // required: picocli sets it before call()
        Path in;

        @Option(
                names = "--data-dir",
                description = "The empty data dir to restore into (env KAMISHOP_DATA_DIR, default ./data).")
        @Nullable
        Path dataDir;

        @Override
        public Integer call() {
            try {
                AppConfig config = AppConfig.load(environment, new AppConfig.Flags(dataDir, null, null, false));
                io.kamishop.backup.Backups.restore(in, config.dataDir(), passphrase());
                System.out.println("restored " + in + " into " + config.dataDir());
                return 0;
            } catch (InvalidConfigException | IllegalArgumentException | java.io.IOException e) {
                System.err.println("restore failed: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(
            name = "verify-audit",
            mixinStandardHelpOptions = true,
            description =
                    "Walk the tamper-evident audit trail and report whether any entry was changed, removed or reordered.")
    static final class VerifyAudit implements Callable<Integer> {
        @CommandLine.Mixin
        StoreOptions store = new StoreOptions();

        @Override
        public Integer call() {
            try {
                AppConfig config = store.config();
                try (var database = io.kamishop.db.Database.open(config.dbUrl())) {
                    var keys = keys(database, config);
                    var result = new io.kamishop.audit.AuditLog(
                                    database, keys.auditChain(), java.time.Clock.systemUTC())
                            .verify();
                    if (result.intact()) {
                        System.out.println(
                                "audit trail intact: " + result.entries() + " entries"
                                        + (result.pending() == 0
                                                ? ""
                                                : "; " + result.pending()
                                                        + " newer entries committed and not linked yet (a running node links them within seconds)"));
                        return 0;
                    }
                    System.out.println(
                            "audit trail BROKEN after " + result.entries() + " good entries: " + result.problem());
                    return 1;
                }
            } catch (InvalidConfigException | IllegalArgumentException | IllegalStateException e) {
                System.err.println("verify-audit failed: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(
            name = "rotate-master-key",
            mixinStandardHelpOptions = true,
            description = {
                "Re-seal the store's key ring under a new master key, online: running nodes keep serving.",
                "With the key in the data dir's master.key file, the file is replaced by the new key.",
                "With KAMISHOP_MASTER_KEY, the new key is written to --new-key-file: set it on every node and restart them."
            })
    static final class RotateMasterKey implements Callable<Integer> {
        @CommandLine.Mixin
        StoreOptions store = new StoreOptions();

        @Option(
                names = "--new-key-file",
                description = "Where to write the new key when the current one comes from the environment.")
        @Nullable
        Path newKeyFile;

        @Override
        public Integer call() {
            try {
                AppConfig config = store.config();
                boolean fromEnvironment = config.masterKey().isPresent();
                Path target =
                        fromEnvironment ? newKeyFile : config.dataDir().resolve(io.kamishop.crypto.MasterKey.FILE_NAME);
                if (target == null) {
                    System.err.println(
                            "the master key comes from KAMISHOP_MASTER_KEY: give --new-key-file to receive the new one");
                    return 2;
                }
                var current = io.kamishop.crypto.MasterKey.load(config.masterKey(), config.dataDir());
                String nextBase64 = java.util.Optional.ofNullable(environment.get("KAMISHOP_NEW_MASTER_KEY"))
                        .filter(v -> !v.isBlank())
                        .orElseGet(() -> {
                            byte[] fresh = new byte[32];
                            new java.security.SecureRandom().nextBytes(fresh);
                            return java.util.Base64.getEncoder().encodeToString(fresh);
                        });
                var next = io.kamishop.crypto.MasterKey.fromBase64(nextBase64);
                try (var database = io.kamishop.db.Database.open(config.dbUrl())) {
                    io.kamishop.crypto.KeyRing.rotate(database, current, next, java.time.Clock.systemUTC());
                }
                Path temp = java.nio.file.Files.createTempFile(
                        target.toAbsolutePath().getParent(),
                        ".master",
                        ".tmp",
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                java.nio.file.Files.writeString(temp, nextBase64 + "\n");
                java.nio.file.Files.move(
                        temp,
                        target,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                System.out.println(
                        fromEnvironment
                                ? "key ring re-sealed; the new master key is in " + target
                                        + ": set it as KAMISHOP_MASTER_KEY on every node"
                                : "key ring re-sealed and " + target
                                        + " replaced; restart the server to use the new key");
                return 0;
            } catch (InvalidConfigException
                    | IllegalArgumentException
                    | IllegalStateException
                    | java.io.IOException e) {
                System.err.println("rotate-master-key failed: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(
            name = "admin",
            mixinStandardHelpOptions = true,
            description = "Admin accounts.",
            subcommands = {CreateUser.class})
    static final class Admin {}

    @Command(
            name = "create-user",
            mixinStandardHelpOptions = true,
            description = {
                "Create an admin who signs in at /admin/login. The password is read from KAMISHOP_NEW_ADMIN_PASSWORD,",
                "or asked for on the terminal; it is never a command-line argument (other users can read those)."
            })
    static final class CreateUser implements Callable<Integer> {
        @Option(names = "--username", required = true, description = "The new admin's user name.")
        @SuppressWarnings("NullAway.Init") // required: picocli sets it before call()
        String username;

        @CommandLine.Mixin
        StoreOptions store = new StoreOptions();

        @Override
        public Integer call() {
            String password = environment.get("KAMISHOP_NEW_ADMIN_PASSWORD");
            if ((password == null || password.isEmpty()) && System.console() != null) {
                char[] typed = System.console().readPassword("Password for %s: ", username);
                password = typed == null ? null : new String(typed);
            }
            if (password == null || password.isEmpty()) {
                System.err.println("no password: set KAMISHOP_NEW_ADMIN_PASSWORD or run this in a terminal");
                return 2;
            }
            try {
                AppConfig config = store.config();
                java.nio.file.Files.createDirectories(config.dataDir());
                try (var database = io.kamishop.db.Database.open(config.dbUrl())) {
                    var keys = keys(database, config);
                    var users = new io.kamishop.admin.AdminUsers(
                            database,
                            new io.kamishop.crypto.PasswordHasher(),
                            keys.tokens(),
                            keys.pluginSecrets(),
                            java.time.Clock.systemUTC());
                    users.create(username, password);
                    new io.kamishop.audit.AuditLog(database, keys.auditChain(), java.time.Clock.systemUTC())
                            .record("cli", "admin.user.created", username, "created from the command line");
                }
                System.out.println("admin '" + username + "' created; sign in at /admin/login");
                return 0;
            } catch (io.kamishop.domain.Refusal e) {
                System.err.println(
                        "create-user failed: " + e.getMessage() + (e.details().isEmpty() ? "" : " " + e.details()));
                return 1;
            } catch (InvalidConfigException
                    | IllegalArgumentException
                    | IllegalStateException
                    | java.io.IOException e) {
                System.err.println("create-user failed: " + e.getMessage());
                return 1;
            }
        }
    }

    /** {@code --data-dir} and {@code --db-url}, for the commands that work on a store's files. */
    static final class StoreOptions {
        @Option(names = "--data-dir", description = "The data dir (env KAMISHOP_DATA_DIR, default ./data).")
        @Nullable
        Path dataDir;

        @Option(
                names = "--db-url",
                description =
                        "JDBC URL: jdbc:sqlite:... or jdbc:postgresql://... (env KAMISHOP_DB_URL; default the SQLite file in the data dir).")
        @Nullable
        String dbUrl;

        AppConfig config() {
            return AppConfig.load(environment, new AppConfig.Flags(dataDir, null, dbUrl, false));
        }
    }

    /** The store's keys, opened with its master key (from the environment or the data dir). */
    static io.kamishop.crypto.Keys keys(io.kamishop.db.Database database, AppConfig config) {
        return io.kamishop.crypto.KeyRing.open(
                database,
                io.kamishop.crypto.MasterKey.load(config.masterKey(), config.dataDir()),
                java.time.Clock.systemUTC());
    }

    private static char @Nullable [] passphrase() {
        String value = environment.get("KAMISHOP_BACKUP_PASSPHRASE");
        return value == null || value.isEmpty() ? null : value.toCharArray();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Kamishop.class.getPackage().getImplementationVersion();
            return new String[] {"Kamishop " + (version == null ? "development build" : version)};
        }
    }
}
