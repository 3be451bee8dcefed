package io.kamishop.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the promise of {@code docs/plugins.md}, "Versions": a minor version of the plugin API only
 * adds. The public surface (every public type of {@code io.kamishop.api} and its public and protected
 * members, read by reflection from the compiled classes) is checked in as {@code api-signatures.txt};
 * this test fails when the surface and the file differ.
 *
 * <ul>
 *   <li>Something gone or changed (a removed method, a new parameter, a narrower return type): a
 *       breaking change. The file can only be rewritten once the major version was raised.</li>
 *   <li>Something new: fine for a minor version; rewrite the file so the next removal is caught:
 *       {@value #REGENERATE}.</li>
 * </ul>
 *
 * japicmp would compare bytecode against a released jar, but there is no released jar to compare
 * against yet; a reviewed text file is the baseline we can actually keep.
 */
class ApiSignaturesTest {

    static final String REGENERATE =
            "./mvnw -o -q -pl plugin-api test -Dtest=ApiSignaturesTest -Dkamishop.api.signatures=write";
    private static final Path FILE = Path.of("api-signatures.txt");
    private static final String VERSION_LINE = "# api-version ";

    @Test
    void publicSurfaceMatchesTheCheckedInSignatures() throws IOException {
        SortedSet<String> current = currentSurface();
        List<String> fileLines = Files.exists(FILE) ? Files.readAllLines(FILE, StandardCharsets.UTF_8) : List.of();
        SortedSet<String> recorded = fileLines.stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .collect(Collectors.toCollection(TreeSet::new));
        Optional<String> recordedVersion = fileLines.stream()
                .filter(line -> line.startsWith(VERSION_LINE))
                .map(line -> line.substring(VERSION_LINE.length()).trim())
                .findFirst();

        SortedSet<String> removed = new TreeSet<>(recorded);
        removed.removeAll(current);
        SortedSet<String> added = new TreeSet<>(current);
        added.removeAll(recorded);
        boolean majorRaised =
                recordedVersion.map(v -> major(ApiVersion.CURRENT) > major(v)).orElse(true);

        if ("write".equals(System.getProperty("kamishop.api.signatures"))) {
            if (!removed.isEmpty() && !majorRaised) {
                fail(breaking(removed, recordedVersion.orElse("?")));
            }
            write(current);
            return;
        }
        if (!removed.isEmpty() && !majorRaised) {
            fail(breaking(removed, recordedVersion.orElse("?")));
        }
        assertThat(added)
                .as("public API not yet in plugin-api/api-signatures.txt (adding is fine in a minor version;"
                        + " record it with: " + REGENERATE + ")")
                .isEmpty();
        assertThat(removed)
                .as("the major version was raised; record the new surface with: " + REGENERATE)
                .isEmpty();
    }

    @Test
    void surfaceListsMembersOfEveryKindAndHidesPrivateOnes() {
        SortedSet<String> surface = currentSurface();

        assertThat(surface).anyMatch(line -> line.startsWith("io.kamishop.api.PaymentChannel type "));
        assertThat(surface)
                .anyMatch(line -> line.startsWith("io.kamishop.api.PaymentChannel method ")
                        && line.contains("parseNotification(io.kamishop.api.IncomingRequest)"));
        assertThat(surface)
                .anyMatch(line -> line.startsWith("io.kamishop.api.ApiVersion field ") && line.contains("CURRENT"));
        assertThat(surface).noneMatch(line -> line.contains("ApiVersion.load()"));
        assertThat(surface).noneMatch(line -> line.contains("io.kamishop.api.testing"));
    }

    private static String breaking(SortedSet<String> removed, String recordedVersion) {
        return "plugin-api " + ApiVersion.CURRENT + " removes or changes public API recorded at " + recordedVersion
                + "; a minor version may only add (docs/plugins.md, \"API compatibility\"). Keep the old member"
                + " (deprecate it, add an overload or a default method) or raise the major version:\n  "
                + String.join("\n  ", removed);
    }

    private static void write(SortedSet<String> surface) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# The public surface of plugin-api (package io.kamishop.api), one member a line, read by");
        lines.add("# reflection. Checked by ApiSignaturesTest: a line that disappears is a breaking change.");
        lines.add("# After adding public API, regenerate (never edit by hand):");
        lines.add("#   " + REGENERATE);
        lines.add(VERSION_LINE + ApiVersion.CURRENT);
        lines.addAll(surface);
        Files.write(FILE, lines, StandardCharsets.UTF_8);
    }

    /** Every public type of the main classes of {@code io.kamishop.api}, with its public and protected members. */
    static SortedSet<String> currentSurface() {
        SortedSet<String> lines = new TreeSet<>();
        for (Class<?> type : apiTypes()) {
            String owner = type.getName();
            lines.add(owner + " type " + describeType(type));
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c)) {
                    lines.add(owner + " constructor " + c.toGenericString());
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m) && !m.isBridge()) {
                    lines.add(owner + " method " + m.toGenericString());
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (visible(f)) {
                    lines.add(owner + " field " + f.toGenericString());
                }
            }
        }
        return lines;
    }

    private static String describeType(Class<?> type) {
        StringBuilder text = new StringBuilder(type.toGenericString());
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
            text.append(" extends ").append(superclass.getTypeName());
        }
        Type[] interfaces = type.getGenericInterfaces();
        if (interfaces.length > 0) {
            text.append(type.isInterface() ? " extends " : " implements ")
                    .append(Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        return text.toString();
    }

    private static boolean visible(Member member) {
        int modifiers = member.getModifiers();
        boolean inheritable = Modifier.isProtected(modifiers)
                && !Modifier.isFinal(member.getDeclaringClass().getModifiers());
        return !member.isSynthetic() && (Modifier.isPublic(modifiers) || inheritable);
    }

    /** Public (and public nested) types compiled from src/main, found next to {@link ApiVersion}'s class file. */
    private static List<Class<?>> apiTypes() {
        Path classes;
        try {
            classes = Path.of(ApiVersion.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertThat(classes)
                .as("plugin-api main classes as a directory (run through Maven)")
                .isDirectory();
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("io/kamishop/api"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("package-info.class"))
                    .sorted()
                    .toList()) {
                String name = classes.relativize(file)
                        .toString()
                        .replace(file.getFileSystem().getSeparator(), ".");
                Class<?> type = Class.forName(
                        name.substring(0, name.length() - ".class".length()), false, ApiVersion.class.getClassLoader());
                if (exported(type)) {
                    types.add(type);
                }
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return types;
    }

    /** Public, and (when nested) public all the way out: what a plugin can name. */
    private static boolean exported(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isSynthetic() || t.isAnonymousClass() || t.isLocalClass()) {
                return false;
            }
        }
        return !type.getSimpleName().equals("package-info");
    }

    private static int major(String version) {
        return Integer.parseInt(version.split("\\.")[0]);
    }
}
