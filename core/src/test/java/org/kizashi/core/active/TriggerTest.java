package org.kizashi.core.active;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.kizashi.core.net.IpPrefix;

class TriggerTest {
    @Test
    void domainAndWildcardTriggersAreCanonical() {
        assertThat(Trigger.domain("Evil.Example.")).isEqualTo(new Trigger(TriggerKind.DOMAIN, "evil.example"));
        assertThat(Trigger.wildcard("例え.JP")).isEqualTo(new Trigger(TriggerKind.WILDCARD, "xn--r8jz45g.jp"));
        assertThat(Trigger.domain("EXAMPLE.com")).isEqualTo(Trigger.domain("example.com."));
        assertThat(Trigger.domain("example.com")).isNotEqualTo(Trigger.wildcard("example.com"));
        assertThatThrownBy(() -> Trigger.domain("bad name.example")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressTriggersUseTheCanonicalPrefixText() {
        Trigger v6 = Trigger.ip(IpPrefix.parse("2001:DB8:0:0::/32"));
        assertThat(v6.value()).isEqualTo("2001:db8::/32");
        assertThat(v6.prefix()).contains(IpPrefix.parse("2001:db8::/32"));
        Trigger client = Trigger.clientIp(IpPrefix.parse("192.0.2.7"));
        assertThat(client.value()).isEqualTo("192.0.2.7/32");
        assertThat(client.prefix()).contains(IpPrefix.parse("192.0.2.7/32"));
        assertThat(Trigger.ip(IpPrefix.parse("192.0.2.7"))).isNotEqualTo(client);
    }

    @Test
    void onlyAddressTriggersHaveAPrefix() {
        assertThat(Trigger.domain("example.com").prefix()).isEmpty();
        assertThat(Trigger.wildcard("example.com").prefix()).isEmpty();
        assertThat(Trigger.url("evil.example/dl/").prefix()).isEmpty();
    }

    @Test
    void toStringIsTheListFileSpelling() {
        assertThat(Trigger.domain("example.com")).hasToString("example.com");
        assertThat(Trigger.wildcard("example.com")).hasToString("*.example.com");
        assertThat(Trigger.ip(IpPrefix.parse("192.0.2.0/24"))).hasToString("192.0.2.0/24");
        assertThat(Trigger.clientIp(IpPrefix.parse("192.0.2.7/32"))).hasToString("client 192.0.2.7/32");
        assertThat(Trigger.url("evil.example/dl/")).hasToString("evil.example/dl/");
    }

    @Test
    void rejectsNullKindOrValue() {
        assertThatThrownBy(() -> new Trigger(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Trigger(TriggerKind.DOMAIN, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void listEntryRefusesLastSeenBeforeFirstSeenAndKnowsWhenItHolds() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Instant t1 = t0.plusSeconds(60);
        assertThatThrownBy(() -> new ListEntry(Trigger.domain("a.example"), PolicyAction.NXDOMAIN, "feed", null,
                t1, t0, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before first seen");
        ListEntry entry = new ListEntry(Trigger.domain("a.example"), PolicyAction.NXDOMAIN, "feed", null, t0, t1, t1);
        assertThat(entry.reason()).isEmpty();
        assertThat(entry.activeAt(t0)).isTrue();
        assertThat(entry.activeAt(t1)).isFalse();
        ListEntry forever = new ListEntry(Trigger.domain("a.example"), PolicyAction.NXDOMAIN, "feed", "", t0, t1,
                null);
        assertThat(forever.activeAt(Instant.MAX)).isTrue();
    }
}
