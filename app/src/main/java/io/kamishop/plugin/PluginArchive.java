package io.kamishop.plugin;

import io.kamishop.domain.Refusal;
import io.kamishop.files.ArchiveLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * A plugin file as uploaded, checked before anything is stored or loaded: it is a zip, no entry
 * escapes the plugin folder, it names itself (id, version, required API range), and the digests of
 * its entries are known for signature checking.
 *
 * <p>The entries are read from the central directory with {@link ZipFile}, as the class loader will
 * read them: a zip whose local headers tell another story cannot smuggle unsigned content past us.
 *
 * @param layout  {@code JAR} (manifest {@code Plugin-*} entries, classes at the root) or {@code ZIP}
 *                ({@code plugin.properties}, {@code classes/} and {@code lib/}, expanded before loading)
 * @param enabledByDefault {@code Plugin-Enabled-By-Default}: whether it runs before the merchant switched it on
 * @param testOnly  {@code Plugin-Test-Only}: for trying the store out only; the admin warns while it runs
 * @param enabledInDemo {@code Plugin-Enabled-In-Demo}: {@code --demo} runs it, for that run only
 * @param content where the file's bytes are: in memory (an upload) or in a staged file (a bundled jar)
 * @param entries SHA-256 (hex) of every file entry but the signature, by name
 */
public record PluginArchive(
        String id,
        String version,
        String requires,
        String description,
        String provider,
        boolean enabledByDefault,
        boolean testOnly,
        boolean enabledInDemo,
        Layout layout,
        Content content,
        String sha256,
        SortedMap<String, String> entries,
        byte @Nullable [] signature) {

    /** Where the host reads a plugin's signature; it is excluded from what is signed. */
    public static final String SIGNATURE_ENTRY = "META-INF/KAMISHOP.SIG";

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.+-]+)?");
    // A plugin that shades a gateway SDK (stripe-java: ~14k classes) is large but legitimate.
    // Class files deflate 3 to 10 times; 200 leaves room for text and still stops a bomb (deflate reaches ~1000).
    static final ArchiveLimits LIMITS = new ArchiveLimits("plugin", 50_000, 256L * 1024 * 1024, 200);

    /** How the plugin's classes are laid out in the file. */
    public enum Layout {
        JAR,
        ZIP
    }

    /** Reads and checks a candidate file; every refusal is a 422 that names the problem. */
    public static PluginArchive inspect(byte[] bytes) {
        return inspect(bytes, true);
    }

    /**
     * Reads a file already known byte for byte by its whole-file SHA-256 (a bundled jar of this build,
     * checked in full when the build signed it): names, manifest and signature entry only. Skipping the
     * per-entry digests skips inflating every entry, most of a start (a shaded gateway SDK has ~14k).
     * {@link #entries()} is empty, so {@link #signedText()} must not be used to verify such an archive.
     */
    static PluginArchive inspectKnown(byte[] bytes, String sha256) {
        return inspect(bytes, false, sha256);
    }

    /**
     * As {@link #inspectKnown(byte[], String)}, for a bundled jar the host streamed into a staged file
     * rather than into the heap: a start no longer holds every bundled jar's bytes (31 MB, most of it
     * the Stripe SDK) at once, which set the heap's size for the rest of the process's life.
     */
    static PluginArchive inspectKnown(Path file, String sha256) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return read(zip, new StagedFile(file), false, sha256);
        } catch (ZipException e) {
            throw invalid("invalid_plugin", "this is not a readable zip or jar: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PluginArchive inspect(byte[] bytes, boolean digestEntries) {
        return inspect(bytes, digestEntries, null);
    }

    /** {@code sha256}: the file's digest if the caller has just taken it, else {@code null}. */
    private static PluginArchive inspect(byte[] bytes, boolean digestEntries, @Nullable String sha256) {
        if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K' || bytes[2] != 3 || bytes[3] != 4) {
            throw invalid("invalid_plugin", "this is not a plugin file: a plugin is a PF4J jar or zip");
        }
        Path temp = null;
        try {
            temp = Files.createTempFile("kamishop-plugin", ".zip");
            Files.write(temp, bytes);
            try (ZipFile zip = new ZipFile(temp.toFile())) {
                return read(zip, new InMemory(bytes), digestEntries, sha256);
            }
        } catch (ZipException e) {
            throw invalid("invalid_plugin", "this is not a readable zip or jar: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a temp file left behind holds nothing secret
                }
            }
        }
    }

    private static PluginArchive read(ZipFile zip, Content file, boolean digestEntries, @Nullable String sha256)
            throws IOException {
        SortedMap<String, String> entries = new TreeMap<>();
        Manifest manifest = null;
        Properties properties = null;
        byte @Nullable [] signature = null;
        // What the zip declares first, before a byte is inflated; then what it really inflates to.
        LIMITS.checkDeclared(zip);
        ArchiveLimits.Counter counter = LIMITS.counter();
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            ZipEntry entry = all.nextElement();
            String name = entry.getName();
            checkName(name);
            counter.entry();
            if (entry.isDirectory() || !digestEntries && !isDescriptor(name)) {
                continue;
            }
            if (!isDescriptor(name)) {
                // Only digested, never held: the heap holds one buffer, not the entry.
                if (entries.put(name, digest(zip, entry, counter)) != null) {
                    throw invalid("unsafe_archive", "the entry '" + name + "' appears twice");
                }
                continue;
            }
            byte[] content = read(zip, entry, counter);
            if (name.equals(SIGNATURE_ENTRY)) {
                signature = content;
                continue;
            }
            if (digestEntries && entries.put(name, sha256(content)) != null) {
                throw invalid("unsafe_archive", "the entry '" + name + "' appears twice");
            }
            if (name.equals("META-INF/MANIFEST.MF")) {
                manifest = new Manifest(new ByteArrayInputStream(content));
            } else if (name.equals("plugin.properties")) {
                properties = new Properties();
                properties.load(new ByteArrayInputStream(content));
            }
        }
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        Layout layout;
        String id;
        String version;
        String requires;
        String description;
        String provider;
        String enabledByDefault;
        String testOnly;
        String enabledInDemo;
        if (main.getValue("Plugin-Id") != null) {
            layout = Layout.JAR;
            id = main.getValue("Plugin-Id");
            version = main.getValue("Plugin-Version");
            requires = main.getValue("Plugin-Requires");
            description = main.getValue("Plugin-Description");
            provider = main.getValue("Plugin-Provider");
            enabledByDefault = main.getValue("Plugin-Enabled-By-Default");
            testOnly = main.getValue("Plugin-Test-Only");
            enabledInDemo = main.getValue("Plugin-Enabled-In-Demo");
        } else if (properties != null && properties.getProperty("plugin.id") != null) {
            layout = Layout.ZIP;
            id = properties.getProperty("plugin.id");
            version = properties.getProperty("plugin.version");
            requires = properties.getProperty("plugin.requires");
            description = properties.getProperty("plugin.description");
            provider = properties.getProperty("plugin.provider");
            enabledByDefault = properties.getProperty("plugin.enabledByDefault");
            testOnly = properties.getProperty("plugin.testOnly");
            enabledInDemo = properties.getProperty("plugin.enabledInDemo");
        } else {
            throw invalid(
                    "invalid_plugin",
                    "the file has no Plugin-Id in its manifest nor a plugin.properties: it is not a plugin");
        }
        id = id.trim();
        if (!ID.matcher(id).matches()) {
            throw invalid(
                    "invalid_plugin", "the plugin id must be 1 to 64 of a-z, 0-9, '.', '_', '-', got '" + id + "'");
        }
        if (version == null || !VERSION.matcher(version.trim()).matches()) {
            throw invalid(
                    "invalid_plugin",
                    "plugin " + id + " needs a semantic Plugin-Version such as 1.2.0, got '" + version + "'");
        }
        if (requires == null || requires.isBlank()) {
            throw invalid(
                    "plugin_incompatible",
                    "plugin " + id
                            + " does not declare which plugin API it needs (Plugin-Requires, e.g. >=1.0.0 & <2.0.0)");
        }
        boolean byDefault = flag(id, "Plugin-Enabled-By-Default", enabledByDefault, true);
        boolean forTestsOnly = flag(id, "Plugin-Test-Only", testOnly, false);
        boolean inDemo = flag(id, "Plugin-Enabled-In-Demo", enabledInDemo, false);
        return new PluginArchive(
                id,
                version.trim(),
                requires.trim(),
                description == null ? "" : description.trim(),
                provider == null ? "" : provider.trim(),
                byDefault,
                forTestsOnly,
                inDemo,
                layout,
                file,
                sha256 != null ? sha256 : sha256(file.bytes()),
                entries,
                signature);
    }

    /** A true-or-false manifest entry; absent is {@code absent}, anything else refuses the file. */
    private static boolean flag(String id, String entry, String value, boolean absent) {
        if (value == null) {
            return absent;
        }
        if (!value.trim().matches("true|false")) {
            throw invalid(
                    "invalid_plugin", "plugin " + id + " must say " + entry + ": true or false, got '" + value + "'");
        }
        return value.trim().equals("true");
    }

    /** An entry that says what the plugin is or who signed it. */
    private static boolean isDescriptor(String name) {
        return name.equals("META-INF/MANIFEST.MF") || name.equals("plugin.properties") || name.equals(SIGNATURE_ENTRY);
    }

    /** A name that is relative, forward-slashed and never climbs out of the folder it is expanded in. */
    private static void checkName(String name) {
        // Plain character tests, no regex or split: this runs for each of the ~14k entries of a shaded gateway SDK.
        boolean unsafe = name.isEmpty()
                || name.startsWith("/")
                || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0
                || name.length() >= 2 && name.charAt(1) == ':' && isAsciiLetter(name.charAt(0));
        for (int start = 0; start <= name.length() && !unsafe; ) {
            int end = name.indexOf('/', start);
            if (end < 0) {
                end = name.length();
            }
            unsafe = end - start == 2 && name.charAt(start) == '.' && name.charAt(start + 1) == '.';
            start = end + 1;
        }
        if (unsafe) {
            throw invalid(
                    "unsafe_archive",
                    "the entry '" + name.replaceAll("\\p{Cntrl}", "?")
                            + "' would be written outside the plugin folder; the file was refused");
        }
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static byte[] read(ZipFile zip, ZipEntry entry, ArchiveLimits.Counter counter) throws IOException {
        try (InputStream in = counter.count(zip.getInputStream(entry), entry.getCompressedSize())) {
            return in.readAllBytes();
        }
    }

    private static String digest(ZipFile zip, ZipEntry entry, ArchiveLimits.Counter counter) throws IOException {
        try (InputStream in = counter.count(zip.getInputStream(entry), entry.getCompressedSize())) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[16384];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text a publisher signs: every entry's name and SHA-256, in name order. */
    public String signedText() {
        StringBuilder text = new StringBuilder("kamishop-plugin-signature-v1\n");
        entries.forEach(
                (name, digest) -> text.append(name).append('\n').append(digest).append('\n'));
        return text.toString();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Refusal invalid(String code, String message) {
        return Refusal.invalid(code, message);
    }

    /** The file's bytes, read into memory (to store the file in the database). */
    public byte[] bytes() {
        return content.bytes();
    }

    @Override
    public String toString() {
        return "PluginArchive[" + id + " " + version + ", " + content + "]";
    }

    /** Where an archive's bytes are. */
    public sealed interface Content {

        byte[] bytes();

        /** Puts the file at {@code target} (which must not exist); a staged file is moved there, once. */
        void handOver(Path target) throws IOException;

        /** Lets go of an archive that will not be loaded: a staged file is deleted. */
        default void discard() {}
    }

    /** An uploaded file, already in memory. */
    record InMemory(byte[] bytes) implements Content {
        @Override
        public void handOver(Path target) throws IOException {
            Files.write(target, bytes, java.nio.file.StandardOpenOption.CREATE_NEW);
        }

        @Override
        public String toString() {
            return bytes.length + " bytes";
        }
    }

    /**
     * A bundled jar streamed out of the application's jar into a staging folder of the data dir. The
     * plugin cache takes the file by a move when the plugin is loaded, so it is read into the heap only
     * when a first start stores it in the database.
     */
    record StagedFile(Path file) implements Content {
        private static final int CHUNK = 64 * 1024;

        @Override
        public byte[] bytes() {
            // In 64 KB reads: one read of the whole file (Files.readAllBytes) goes through a temporary
            // direct buffer of the file's size that the JDK then keeps for the thread (20 MB for Stripe).
            try (InputStream in = Files.newInputStream(file)) {
                long size = Files.size(file);
                if (size > Integer.MAX_VALUE - 8) {
                    throw new IOException("the staged plugin " + file + " is too large");
                }
                byte[] bytes = new byte[(int) size];
                for (int at = 0, n; at < bytes.length; at += n) {
                    n = in.read(bytes, at, Math.min(CHUNK, bytes.length - at));
                    if (n < 0) {
                        throw new IOException("the staged plugin " + file + " got shorter while it was read");
                    }
                }
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the staged plugin " + file, e);
            }
        }

        @Override
        public void handOver(Path target) throws IOException {
            Files.move(file, target);
        }

        @Override
        public void discard() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the staging folder is emptied at the next start
            }
        }

        @Override
        public String toString() {
            return "staged at " + file;
        }
    }
}
