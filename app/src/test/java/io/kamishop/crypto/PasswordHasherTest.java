package io.kamishop.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    // The store's own parameters, whatever this JVM's test cost (see PasswordHasher.CHEAP_FOR_TESTS).
    private final PasswordHasher hasher = new PasswordHasher(false);

    @Test
    void argon2idHashVerifiesOnlyTheSamePassword() {
        String hash = hasher.hash("correct horse battery");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse battery");
        assertThat(hasher.verify("correct horse battery", hash)).isTrue();
        assertThat(hasher.verify("correct horse batterY", hash)).isFalse();
    }

    @Test
    void samePasswordHashesDifferentlyEachTime() {
        assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
    }

    @Test
    void theSuitesCheapHashesAreStillArgon2idAndVerifyOnlyTheSamePassword() {
        PasswordHasher cheap = new PasswordHasher(true);
        String hash = cheap.hash("correct horse battery");
        assertThat(hash).startsWith("$argon2id$v=19$m=8,t=1,p=1$");
        assertThat(cheap.verify("correct horse battery", hash)).isTrue();
        assertThat(cheap.verify("correct horse batterY", hash)).isFalse();
        // Parameters travel with each hash: the store's hasher verifies it, as it will old hashes after a raise.
        assertThat(hasher.verify("correct horse battery", hash)).isTrue();
    }

    @Test
    void malformedHashesMatchNothing() {
        assertThat(hasher.verify("x", "not a hash")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=abc$AAAA$AAAA")).isFalse();
    }

    @Test
    void aDecoyCostsWhatARealHashCostsAndMatchesNothing() {
        String[] real = hasher.hash("correct horse battery").split("\\$");
        String[] decoy = hasher.decoy().split("\\$");
        // Same algorithm, parameters, salt and digest lengths: a check against it derives just as much.
        assertThat(decoy).hasSameSizeAs(real);
        assertThat(decoy[3]).isEqualTo(real[3]);
        assertThat(decoy[4]).hasSameSizeAs(real[4]);
        assertThat(decoy[5]).hasSameSizeAs(real[5]);
        assertThat(hasher.decoy()).isNotEqualTo(hasher.decoy());
        assertThat(hasher.verify("", String.join("$", decoy))).isFalse();
        assertThat(hasher.verify("correct horse battery", String.join("$", decoy)))
                .isFalse();
    }
}
