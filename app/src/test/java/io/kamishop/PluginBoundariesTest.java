package io.kamishop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The plugin boundaries of docs/plugins.md, checked on the sources so a reviewer does not have to:
 * plugins see only the plugin API (never the app, whose classes they could not load at run time
 * anyway: PF4J gives them the API's class loader, not the app's), and the plugin API leans on
 * nothing but PF4J and the JDK, so a plugin never inherits a framework version from us.
 *
 * <p>Reads the sibling modules' sources (this test runs in app/, the reactor's last module), so it
 * needs no architecture library.
 */
class PluginBoundariesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Any mention of a Kamishop package in code: imports, static imports and fully qualified names. */
    private static final Pattern KAMISHOP_PACKAGE = Pattern.compile("\\bio\\.kamishop\\.(\\w+)");

    private static final Set<String> OPEN_TO_PLUGINS = Set.of("api", "plugins");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final List<String> ALLOWED_IN_API = List.of("java.", "javax.", "org.pf4j.", "io.kamishop.api.");

    @Test
    void pluginsReferNoAppPackage() {
        List<Path> sources = javaFiles(ROOT.resolve("plugins"));
        assertThat(sources)
                .as("plugin sources found under " + ROOT.resolve("plugins"))
                .hasSizeGreaterThan(20);

        List<String> violations = new ArrayList<>();
        for (Path file : sources) {
            Matcher m = KAMISHOP_PACKAGE.matcher(withoutComments(read(file)));
            while (m.find()) {
                if (!OPEN_TO_PLUGINS.contains(m.group(1))) {
                    violations.add(ROOT.relativize(file) + ": " + m.group());
                }
            }
        }
        assertThat(violations)
                .as("plugins may use io.kamishop.api (and their own io.kamishop.plugins packages) only")
                .isEmpty();
    }

    @Test
    void pluginApiImportsOnlyTheJdkAndPf4j() {
        List<Path> sources = javaFiles(ROOT.resolve("plugin-api/src/main/java"));
        assertThat(sources).as("plugin-api sources").hasSizeGreaterThan(10);

        List<String> violations = new ArrayList<>();
        for (Path file : sources) {
            String code = withoutComments(read(file));
            Matcher m = IMPORT.matcher(code);
            while (m.find()) {
                String imported = m.group(1);
                if (ALLOWED_IN_API.stream().noneMatch(imported::startsWith)) {
                    violations.add(ROOT.relativize(file) + ": import " + imported);
                }
            }
            Matcher named = KAMISHOP_PACKAGE.matcher(code);
            while (named.find()) {
                if (!named.group(1).equals("api")) {
                    violations.add(ROOT.relativize(file) + ": " + named.group());
                }
            }
        }
        assertThat(violations).as("plugin-api depends on PF4J and the JDK only").isEmpty();
    }

    @Test
    void pluginApiDeclaresNoRunTimeDependencyButPf4j() {
        String pom = withoutXmlComments(read(ROOT.resolve("plugin-api/pom.xml")));
        Matcher dependency = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL)
                .matcher(pom);
        List<String> runTime = new ArrayList<>();
        while (dependency.find()) {
            String declaration = dependency.group(1);
            boolean testOnly = declaration.contains("<scope>test</scope>");
            boolean managedTestOnly = declaration.contains("<artifactId>junit-jupiter</artifactId>")
                    || declaration.contains("<artifactId>assertj-core</artifactId>"); // test scope set in the parent
            if (!testOnly && !managedTestOnly) {
                runTime.add(declaration.replaceAll("\\s+", " ").trim());
            }
        }
        assertThat(runTime).singleElement().asString().contains("<groupId>org.pf4j</groupId>");
    }

    @Test
    void theScanSeesAViolationWhenThereIsOne() {
        String code = "package x;\n// io.kamishop.payment in a comment is fine\nimport io.kamishop.api.Money;\n"
                + "class A { io.kamishop.db.Database db; }\n";
        Matcher m = KAMISHOP_PACKAGE.matcher(withoutComments(code));
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        assertThat(found).containsExactly("api", "db");
    }

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.toString().contains("/target/"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops block and line comments: javadoc may name an app class to explain where a value comes from. */
    static String withoutComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)(^|[^:\"])//.*$", "$1");
    }

    private static String withoutXmlComments(String xml) {
        return xml.replaceAll("(?s)<!--.*?-->", "");
    }
}
