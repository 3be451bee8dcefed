package io.kamishop.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import io.kamishop.config.AppConfig;
import io.kamishop.config.InvalidConfigException;
import io.kamishop.testing.TestStore;
import io.kamishop.work.BackgroundWork;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code KAMISHOP_BIND}: every address by default, only the one named when set. */
class BindAddressTest {

    @Test
    void byDefaultTheStoreAnswersOnEveryAddress() throws IOException {
        try (TestStore store = TestStore.start()) {
            assertThat(connects("127.0.0.1", store.app().port())).isTrue();
            // On Linux all of 127.0.0.0/8 is this host: a second address without a second interface.
            assertThat(connects("127.0.0.2", store.app().port())).isTrue();
        }
    }

    @Test
    void boundToOneAddressTheStoreIgnoresTheOthers() throws IOException {
        try (TestStore store =
                TestStore.builder().env("KAMISHOP_BIND", "127.0.0.1").start()) {
            assertThat(connects("127.0.0.1", store.app().port())).isTrue();
            assertThat(connects("127.0.0.2", store.app().port())).isFalse();
        }
    }

    @Test
    void aBindAddressThatIsNoAddressIsRefusedAtLoad(@TempDir Path dir) {
        assertThatThrownBy(() -> AppConfig.load(
                        Map.of("KAMISHOP_BIND", "shop example"), new AppConfig.Flags(dir, null, null, false)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("KAMISHOP_BIND");
        assertThat(AppConfig.load(Map.of(), new AppConfig.Flags(dir, null, null, false))
                        .listen()
                        .bind())
                .as("0.0.0.0, the default, is Jetty's wildcard: IPv4 and IPv6")
                .isNull();
    }

    @Test
    void aPortTakenByAnotherProgramIsSaidToBeInUse(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            AppConfig config = AppConfig.load(Map.of(), new AppConfig.Flags(dir, taken.getLocalPort(), null, false));
            Listeners listeners =
                    Listeners.create(config.listen(), dir, null, Clock.systemUTC(), Duration.ofSeconds(20));
            Javalin app = Javalin.create(listeners::configure);
            try (BackgroundWork work = new BackgroundWork(Duration.ofSeconds(1))) {
                // With the graceful stop set before the start, Javalin's stop of the failed start threw "STOPPED"
                // in its place, and a store whose port was taken exited without saying so.
                assertThatThrownBy(() -> listeners.start(app, work))
                        .isInstanceOf(JavalinBindException.class)
                        .hasMessageContaining("already in use")
                        .hasMessageContaining(Integer.toString(taken.getLocalPort()));
            } finally {
                app.stop();
            }
        }
    }

    private static boolean connects(String address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }
}
