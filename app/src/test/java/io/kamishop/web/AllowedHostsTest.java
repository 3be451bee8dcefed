package io.kamishop.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {

    @Test
    void byDefaultOnlyTheLoopbackNamesAndThePublicUrlsHostAreAllowed() {
        AllowedHosts hosts = AllowedHosts.from(Optional.empty(), Optional.of("https://Shop.Example:8443"));
        assertThat(hosts.allows("localhost:8080")).isTrue();
        assertThat(hosts.allows("127.0.0.1")).isTrue();
        assertThat(hosts.allows("[::1]:8080")).isTrue();
        assertThat(hosts.allows("shop.example")).isTrue();
        assertThat(hosts.allows("SHOP.example.:443")).isTrue();
        assertThat(hosts.allows("attacker.example")).isFalse();
        assertThat(hosts.allows("shop.example.attacker.example")).isFalse();
        assertThat(hosts.allows("localhost.attacker.example")).isFalse();
        assertThat(hosts.allows(null)).isFalse();
    }

    @Test
    void aConfiguredListReplacesTheDefault() {
        AllowedHosts hosts = AllowedHosts.from(Optional.of("shop.example, 10.0.0.5:8080,,::1"), Optional.empty());
        assertThat(hosts.names()).containsExactlyInAnyOrder("shop.example", "10.0.0.5", "[::1]");
        assertThat(hosts.allows("localhost")).isFalse();
        assertThat(hosts.allows("10.0.0.5:9999")).isTrue();
        assertThat(hosts.allows("[::1]:80")).isTrue();
    }
}
