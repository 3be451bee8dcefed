package io.kamishop.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KeyedHashTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static String reference(String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eachValueHashesAsAFreshHmacWouldOnEveryThreadAndCallAfterCall() throws Exception {
        KeyedHash hash = new KeyedHash(KEY);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                runs.add(pool.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                        String value = "key-" + thread + "-" + i;
                        if (!hash.hex(value).equals(reference(value))) {
                            wrong.add(value);
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> run : runs) {
                assertThat(run.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(hash.matches("a", reference("a"))).isTrue();
        assertThat(hash.matches("a", reference("b"))).isFalse();
    }
}
