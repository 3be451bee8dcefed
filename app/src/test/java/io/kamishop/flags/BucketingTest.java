package io.kamishop.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kamishop.domain.Audience;
import io.kamishop.domain.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BucketingTest {

    private static Flag flag(int rolloutBp) {
        return new Flag("new-channel", "", rolloutBp, FlagTargets.NONE, null, true, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 5_000})
    void tenThousandBuyersSplitWithinTwoPointsOfTheRollout(int rolloutBp) {
        Flag flag = flag(rolloutBp);
        int on = 0;
        for (int i = 0; i < 10_000; i++) {
            Audience buyer = Audience.of(new Requester("203.0.113.1", "device-" + i, null, null));
            if (flag.armOf(buyer) == Arm.ON) {
                on++;
            }
        }
        double share = on / 100.0;
        assertTrue(
                Math.abs(share - rolloutBp / 100.0) <= 2.0,
                "on arm holds " + share + "% for a rollout of " + rolloutBp / 100.0 + "%");
    }

    @Test
    void theBucketIsAFixedFunctionOfKeyAndSubjectSoItSurvivesARestart() {
        // Pinned values: a JVM-dependent hash (hashCode, a random seed) would move buyers between arms on a restart.
        assertEquals(Bucketing.bucket("new-channel", "device:abc"), Bucketing.bucket("new-channel", "device:abc"));
        int pinned = Bucketing.bucket("new-channel", "email:buyer@example.com");
        assertEquals(pinned, bucketBySpec("new-channel", "email:buyer@example.com"));
    }

    @Test
    void theEmailDecidesLastSoTheProductPageAndTheOrderAgree() {
        Requester browser = new Requester("198.51.100.7", "device-1", null, null);
        assertEquals("device:device-1", Bucketing.subject(new Audience(browser, "buyer@example.com")));
        assertEquals(
                "address:198.51.100.7",
                Bucketing.subject(new Audience(Requester.at("198.51.100.7"), "buyer@example.com")));
        assertEquals(
                "email:buyer@example.com", Bucketing.subject(new Audience(Requester.at(null), " Buyer@Example.com ")));
    }

    @Test
    void targetsForceAnArmAndDenyWins() {
        java.util.Map<String, String> problems = new java.util.LinkedHashMap<>();
        var targets = FlagTargets.from(
                io.kamishop.web.Json.mapper()
                        .createObjectNode()
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                                "allow",
                                io.kamishop.web.Json.mapper()
                                        .createObjectNode()
                                        .set(
                                                "languages",
                                                io.kamishop.web.Json.mapper()
                                                        .createArrayNode()
                                                        .add("zh")))
                        .set(
                                "deny",
                                io.kamishop.web.Json.mapper()
                                        .createObjectNode()
                                        .set(
                                                "emails",
                                                io.kamishop.web.Json.mapper()
                                                        .createArrayNode()
                                                        .add("no@example.com"))),
                problems);
        assertTrue(problems.isEmpty(), problems.toString());
        Flag flag = new Flag("k", "", 0, targets, null, true, 0);
        Requester chinese = new Requester("198.51.100.7", null, null, "zh-CN,zh;q=0.9");
        assertEquals(Arm.ON, flag.armOf(Audience.of(chinese)));
        assertEquals(Arm.OFF, flag.armOf(new Audience(chinese, "No@Example.com")));
        assertEquals(Arm.OFF, flag.armOf(Audience.of(Requester.at("198.51.100.7"))));
        assertEquals(Arm.OFF, new Flag("k", "", 10_000, targets, null, false, 0).armOf(Audience.of(chinese)));
    }

    /** The documented rule, written out independently: first four bytes of SHA-256("key:subject"), unsigned, mod 10,000. */
    private static int bucketBySpec(String key, String subject) {
        byte[] d = Bucketing.sha256(key + ":" + subject);
        return (int) (Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(d, 0, 4).getInt()) % 10_000);
    }
}
