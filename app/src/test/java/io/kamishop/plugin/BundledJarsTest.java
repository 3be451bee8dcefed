package io.kamishop.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledJarsTest {

    private final BundledJars bundled = BundledJars.ofThisBuild();

    @Test
    void aBundledJarIsKnownByItsOwnBytesAndNotWhenOneByteDiffers() throws IOException {
        String name = bundled.names().get(0);
        byte[] jar;
        try (InputStream in = BundledJarsTest.class.getResourceAsStream("/bundled-plugins/" + name)) {
            jar = in.readAllBytes();
        }

        assertThat(bundled.identify(PluginArchive.sha256(jar)))
                .map(BundledJars.Jar::name)
                .contains(name);
        jar[jar.length / 2] ^= 1;
        assertThat(bundled.identify(PluginArchive.sha256(jar))).isEmpty();
    }

    @Test
    void everyJarTheBuildCopiesIsListedInTheIndexSoItIsInstalled() throws IOException, URISyntaxException {
        // app/pom.xml copies the jars, bundled-plugins.txt lists them: a jar copied but not listed never reaches a
        // store.
        Path copied =
                Path.of(BundledJarsTest.class.getResource("/bundled-plugins").toURI());
        try (Stream<Path> jars = Files.list(copied)) {
            assertThat(bundled.names())
                    .containsExactlyInAnyOrderElementsOf(
                            jars.map(p -> p.getFileName().toString())
                                    .filter(n -> n.endsWith(".jar"))
                                    .toList());
        }
        assertThat(bundled.names()).contains("payment-usdt.jar");
    }

    @Test
    void aKnownJarReadsTheSameDescriptorAsAFullInspection() throws IOException {
        for (String name : bundled.names()) {
            byte[] jar;
            try (InputStream in = BundledJarsTest.class.getResourceAsStream("/bundled-plugins/" + name)) {
                jar = in.readAllBytes();
            }
            PluginArchive full = PluginArchive.inspect(jar);
            PluginArchive known = PluginArchive.inspectKnown(jar, PluginArchive.sha256(jar));

            assertThat(known.id()).isEqualTo(full.id());
            assertThat(known.version()).isEqualTo(full.version());
            assertThat(known.requires()).isEqualTo(full.requires());
            assertThat(known.layout()).isEqualTo(full.layout());
            assertThat(known.sha256()).isEqualTo(full.sha256());
            assertThat(known.signature()).isEqualTo(full.signature());
            assertThat(bundled.digest(name)).map(BundledJars.Jar::sha256).contains(full.sha256());
        }
    }

    @Test
    void aJarReadAheadIsTheJarAndOneDroppedIsReadAgain(@TempDir Path staging) throws IOException {
        BundledJars ahead = BundledJars.readingAhead(staging);
        String first = ahead.names().get(0);
        String last = ahead.names().get(ahead.names().size() - 1);
        byte[] firstJar;
        try (InputStream in = BundledJarsTest.class.getResourceAsStream("/bundled-plugins/" + first)) {
            firstJar = in.readAllBytes();
        }

        PluginArchive read = ahead.known(first).orElseThrow();
        ahead.forgetReadAhead();
        PluginArchive again = ahead.known(last).orElseThrow();

        assertThat(read.bytes()).isEqualTo(firstJar);
        assertThat(read.sha256()).isEqualTo(PluginArchive.sha256(firstJar));
        assertThat(again.sha256()).isEqualTo(PluginArchive.sha256(again.bytes()));
        assertThat(bundled.digest(last)).map(BundledJars.Jar::pluginId).contains(again.id());
    }

    @Test
    void aReadAheadStreamsJarsToStagedFilesThatTheCacheTakesAndTheRestAreDeleted(@TempDir Path staging)
            throws IOException {
        Files.writeString(staging.resolve("left-by-a-killed-start.staged"), "junk");
        BundledJars ahead = BundledJars.readingAhead(staging);
        String first = ahead.names().get(0);
        byte[] firstJar;
        try (InputStream in = BundledJarsTest.class.getResourceAsStream("/bundled-plugins/" + first)) {
            firstJar = in.readAllBytes();
        }

        PluginArchive read = ahead.known(first).orElseThrow();
        // Jars are read in order on one thread: once the last is read, every one is staged.
        PluginArchive last =
                ahead.known(ahead.names().get(ahead.names().size() - 1)).orElseThrow();
        assertThat(read.content()).isInstanceOf(PluginArchive.StagedFile.class);
        assertThat(read.bytes()).isEqualTo(firstJar);
        Path cached = staging.resolveSibling(staging.getFileName() + "-cache.jar");
        read.content().handOver(cached);
        last.content().discard();
        ahead.forgetReadAhead();

        assertThat(Files.readAllBytes(cached)).isEqualTo(firstJar);
        try (Stream<Path> left = Files.list(staging)) {
            assertThat(left.toList())
                    .as("the jars not taken, and the old start's leftovers")
                    .isEmpty();
        }
        Files.delete(cached);
    }
}
