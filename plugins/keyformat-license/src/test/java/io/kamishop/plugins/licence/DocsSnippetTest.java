package io.kamishop.plugins.licence;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.KeyFormat.Generation;
import io.kamishop.api.testing.FakePluginContext;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline check in docs/commerce.md, compiled from the page as a merchant would paste it (with only
 * the JDK on the classpath) and run against licences this plugin signs: the page cannot drift from the code.
 */
class DocsSnippetTest {

    @Test
    void theDocumentedOfflineCheckAcceptsAGenuineLicenceAndRefusesATamperedOne(@TempDir Path dir) throws Exception {
        String page = Files.readString(Path.of("../../docs/commerce.md"));
        Matcher snippet = Pattern.compile("```java\\n(static boolean licenceIsGenuine.*?)```", Pattern.DOTALL)
                .matcher(page);
        assertThat(snippet.find()).as("the snippet is on the page").isTrue();
        Path source = dir.resolve("MerchantApp.java");
        Files.writeString(source, """
                import java.nio.charset.StandardCharsets;
                import java.security.*;
                import java.security.spec.X509EncodedKeySpec;
                import java.util.Base64;
                public class MerchantApp {
                """ + snippet.group(1) + "}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-classpath", "", "-d", dir.toString(), source.toString()))
                .isZero();
        Method check;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            check = loader.loadClass("MerchantApp").getDeclaredMethod("licenceIsGenuine", String.class, String.class);
            check.setAccessible(true);

            LicenceKeys keys = new LicenceKeys();
            keys.start(new FakePluginContext("keyformat-license", Clock.systemUTC()));
            String licence = keys.generate(1, Generation.forStock(5, "Pro", Map.of("licence", "true")))
                    .get(0);
            String publicKey = keys.publicInfo().get("publicKey");

            assertThat((Boolean) check.invoke(null, publicKey, licence)).isTrue();
            assertThat((Boolean)
                            check.invoke(null, publicKey, LicenceKeysTest.tamper(licence, "\"pid\":5", "\"pid\":6")))
                    .isFalse();
        }
    }
}
