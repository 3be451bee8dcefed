package io.kamishop.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

    private final SecretBox box = new SecretBox(new byte[32]);

    @Test
    void sealedTextOpensOnlyWithTheSameAssociatedData() {
        byte[] sealed = box.seal("KEY-1".getBytes(StandardCharsets.UTF_8), "card-key:1");
        assertThat(new String(box.open(sealed, "card-key:1"), StandardCharsets.UTF_8))
                .isEqualTo("KEY-1");
        assertThatThrownBy(() -> box.open(sealed, "card-key:2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTamperedCiphertextDoesNotOpen() {
        byte[] sealed = box.seal("KEY-1".getBytes(StandardCharsets.UTF_8), "x");
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> box.open(sealed, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameKeySealsDifferentlyEachTime() {
        byte[] a = box.seal("SAME".getBytes(StandardCharsets.UTF_8), "x");
        byte[] b = box.seal("SAME".getBytes(StandardCharsets.UTF_8), "x");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void aFreshMasterKeyFileIsReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        MasterKey first = MasterKey.load(Optional.empty(), dir);
        Path file = dir.resolve(MasterKey.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        MasterKey again = MasterKey.load(Optional.empty(), dir);
        assertThat(again.derive("p")).isEqualTo(first.derive("p"));
        assertThat(first.derive("a")).isNotEqualTo(first.derive("b"));
    }
}
