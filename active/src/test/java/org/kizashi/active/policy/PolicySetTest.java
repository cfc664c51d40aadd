package org.kizashi.active.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kizashi.core.active.ListEntry;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.active.Trigger;
import org.kizashi.core.active.TriggerKind;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

class PolicySetTest {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-10T00:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-20T00:00:00Z");
    static final Instant T3 = Instant.parse("2026-12-31T00:00:00Z");

    static Trigger domain(String name) {
        return Trigger.domain(name);
    }

    static Trigger wildcard(String parent) {
        return Trigger.wildcard(parent);
    }

    static Trigger ip(String prefix) {
        return Trigger.ip(IpPrefix.parse(prefix));
    }

    static Trigger client(String prefix) {
        return Trigger.clientIp(IpPrefix.parse(prefix));
    }

    static IpAddress addr(String text) {
        return IpAddress.parse(text);
    }

    static PolicySet.Added add(PolicySet.Builder b, Trigger trigger, PolicyAction action) {
        return b.add(trigger, action, "test-feed", "test", T0, T1, null);
    }

    /** A set of the given triggers, each with action NXDOMAIN except where given in pairs. */
    static PolicySet setOf(Trigger... triggers) {
        PolicySet.Builder b = PolicySet.builder();
        for (Trigger t : triggers) {
            assertThat(add(b, t, PolicyAction.NXDOMAIN)).as(t.toString()).isEqualTo(PolicySet.Added.ADDED);
        }
        return b.build();
    }

    /** The trigger a name lookup found, or null. */
    static Trigger found(PolicySet set, CharSequence qname) {
        int id = set.lookupName(qname);
        return id == PolicySet.NO_MATCH ? null : set.trigger(id);
    }

    static Trigger foundResponse(PolicySet set, String address) {
        int id = set.lookupResponseAddress(addr(address));
        return id == PolicySet.NO_MATCH ? null : set.trigger(id);
    }

    static Trigger foundClient(PolicySet set, String address) {
        int id = set.lookupClient(addr(address));
        return id == PolicySet.NO_MATCH ? null : set.trigger(id);
    }

    // ---- names ----

    @Test
    void exactNameBeatsWildcard() {
        PolicySet set = setOf(wildcard("example.com"), domain("www.example.com"));
        assertThat(found(set, "www.example.com")).isEqualTo(domain("www.example.com"));
        assertThat(found(set, "a.www.example.com")).isEqualTo(wildcard("example.com"));
        assertThat(found(set, "mail.example.com")).isEqualTo(wildcard("example.com"));
        // The same with the wildcard listed after the name.
        PolicySet reversed = setOf(domain("www.example.com"), wildcard("example.com"));
        assertThat(found(reversed, "www.example.com")).isEqualTo(domain("www.example.com"));
    }

    @Test
    void exactNameBeatsAWildcardForTheSameNameAndALongerWildcardAbove() {
        PolicySet set = setOf(wildcard("www.example.com"), wildcard("example.com"), domain("a.www.example.com"));
        assertThat(found(set, "a.www.example.com")).isEqualTo(domain("a.www.example.com"));
        assertThat(found(set, "b.www.example.com")).isEqualTo(wildcard("www.example.com"));
    }

    @Test
    void longerWildcardBeatsShorter() {
        for (PolicySet set : List.of(setOf(wildcard("example.com"), wildcard("b.example.com"), wildcard("com")),
                setOf(wildcard("com"), wildcard("b.example.com"), wildcard("example.com")))) {
            assertThat(found(set, "x.b.example.com")).isEqualTo(wildcard("b.example.com"));
            assertThat(found(set, "a.b.c.b.example.com")).isEqualTo(wildcard("b.example.com"));
            assertThat(found(set, "b.example.com")).isEqualTo(wildcard("example.com"));
            assertThat(found(set, "x.example.com")).isEqualTo(wildcard("example.com"));
            assertThat(found(set, "example.com")).isEqualTo(wildcard("com"));
            assertThat(found(set, "other.com")).isEqualTo(wildcard("com"));
            assertThat(found(set, "com")).isNull();
        }
    }

    @Test
    void wildcardDoesNotMatchItsOwnName() {
        PolicySet set = setOf(wildcard("example.com"));
        assertThat(set.lookupName("example.com")).isEqualTo(PolicySet.NO_MATCH);
        assertThat(set.lookupName("example.com.")).isEqualTo(PolicySet.NO_MATCH);
        assertThat(set.lookupName("com")).isEqualTo(PolicySet.NO_MATCH);
        assertThat(found(set, "www.example.com")).isEqualTo(wildcard("example.com"));
        assertThat(found(set, "deep.er.www.example.com")).isEqualTo(wildcard("example.com"));
    }

    @Test
    void exactNameDoesNotMatchNamesBelowIt() {
        PolicySet set = setOf(domain("example.com"));
        assertThat(found(set, "example.com")).isEqualTo(domain("example.com"));
        assertThat(set.lookupName("www.example.com")).isEqualTo(PolicySet.NO_MATCH);
        assertThat(set.lookupName("com")).isEqualTo(PolicySet.NO_MATCH);
    }

    @Test
    void lookupsIgnoreCaseAndATrailingDot() {
        PolicySet set = setOf(domain("Example.COM"), wildcard("Evil.Example"));
        for (String q : List.of("example.com", "EXAMPLE.COM", "example.com.", "ExAmPlE.cOm.")) {
            assertThat(found(set, q)).as(q).isEqualTo(domain("example.com"));
        }
        for (String q : List.of("www.evil.example", "WWW.EVIL.EXAMPLE.", "Www.Evil.Example")) {
            assertThat(found(set, q)).as(q).isEqualTo(wildcard("evil.example"));
        }
        assertThat(found(set, new StringBuilder("WWW.evil.EXAMPLE."))).isEqualTo(wildcard("evil.example"));
    }

    @Test
    void emptyAndRootQueriesMatchNothing() {
        PolicySet set = setOf(domain("example.com"), wildcard("com"));
        assertThat(set.lookupName("")).isEqualTo(PolicySet.NO_MATCH);
        assertThat(set.lookupName(".")).isEqualTo(PolicySet.NO_MATCH);
    }

    @Test
    void japaneseNamesAreLookedUpInPunycode() {
        PolicySet set = setOf(domain("例え.jp"), wildcard("悪い.jp"));
        int id = set.lookupName("例え.jp");
        assertThat(id).isNotEqualTo(PolicySet.NO_MATCH);
        assertThat(set.name(id)).isEqualTo("xn--r8jz45g.jp");
        assertThat(set.lookupName("xn--r8jz45g.jp")).isEqualTo(id);
        assertThat(set.lookupName("XN--R8JZ45G.JP.")).isEqualTo(id);
        assertThat(set.lookupName("例え.JP.")).isEqualTo(id);
        assertThat(set.lookupName("例え。jp")).isEqualTo(id);
        assertThat(set.lookupName("www.例え.jp")).isEqualTo(PolicySet.NO_MATCH);
        assertThat(found(set, "www.悪い.jp")).isEqualTo(wildcard("悪い.jp"));
        assertThat(found(set, "ＷＷＷ.悪い.jp")).isEqualTo(wildcard("悪い.jp"));
        assertThat(set.lookupName("悪い.jp")).isEqualTo(PolicySet.NO_MATCH);
    }

    @Test
    void anInvalidInternationalisedQueryMatchesNothingRatherThanThrowing() {
        PolicySet set = setOf(wildcard("jp"));
        assertThat(set.lookupName("あ".repeat(70) + ".jp")).isEqualTo(PolicySet.NO_MATCH);
        assertThat(set.lookupName("例え..jp")).isEqualTo(PolicySet.NO_MATCH);
    }

    @Test
    void namesSharingOnlyASuffixStringDoNotMatch() {
        PolicySet set = setOf(wildcard("ample.com"), domain("ample.com"), domain("le.com"));
        assertThat(set.lookupName("example.com")).isEqualTo(PolicySet.NO_MATCH);
        assertThat(set.lookupName("www.example.com")).isEqualTo(PolicySet.NO_MATCH);
        assertThat(set.lookupName("sample.com")).isEqualTo(PolicySet.NO_MATCH);
        assertThat(found(set, "ample.com")).isEqualTo(domain("ample.com"));
        assertThat(found(set, "x.ample.com")).isEqualTo(wildcard("ample.com"));
        assertThat(found(set, "ex.ample.com")).isEqualTo(wildcard("ample.com"));
        PolicySet labels = setOf(wildcard("com"));
        assertThat(labels.lookupName("example.xcom")).isEqualTo(PolicySet.NO_MATCH);
        assertThat(labels.lookupName("examplecom")).isEqualTo(PolicySet.NO_MATCH);
    }

    @Test
    void domainAndWildcardForTheSameNameAreTwoEntries() {
        PolicySet.Builder b = PolicySet.builder();
        assertThat(add(b, domain("example.com"), PolicyAction.PASSTHRU)).isEqualTo(PolicySet.Added.ADDED);
        assertThat(add(b, wildcard("example.com"), PolicyAction.DROP)).isEqualTo(PolicySet.Added.ADDED);
        PolicySet set = b.build();
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.action(set.lookupName("example.com"))).isEqualTo(PolicyAction.PASSTHRU);
        assertThat(set.action(set.lookupName("www.example.com"))).isEqualTo(PolicyAction.DROP);
    }

    // ---- addresses ----

    @Test
    void longestIpv4PrefixWins() {
        PolicySet set = setOf(ip("10.0.0.0/8"), ip("192.0.2.0/24"), ip("192.0.2.128/25"), ip("192.0.2.129/32"));
        assertThat(foundResponse(set, "192.0.2.1")).isEqualTo(ip("192.0.2.0/24"));
        assertThat(foundResponse(set, "192.0.2.127")).isEqualTo(ip("192.0.2.0/24"));
        assertThat(foundResponse(set, "192.0.2.128")).isEqualTo(ip("192.0.2.128/25"));
        assertThat(foundResponse(set, "192.0.2.129")).isEqualTo(ip("192.0.2.129/32"));
        assertThat(foundResponse(set, "192.0.2.255")).isEqualTo(ip("192.0.2.128/25"));
        assertThat(foundResponse(set, "10.200.3.4")).isEqualTo(ip("10.0.0.0/8"));
        assertThat(foundResponse(set, "192.0.3.1")).isNull();
        assertThat(foundResponse(set, "11.0.0.0")).isNull();
    }

    @Test
    void longestIpv6PrefixWins() {
        PolicySet set = setOf(ip("2001:db8::/32"), ip("2001:db8:1::/48"), ip("2001:db8:1::1/128"),
                ip("2001:db8:1:8000::/49"));
        assertThat(foundResponse(set, "2001:db8::1")).isEqualTo(ip("2001:db8::/32"));
        assertThat(foundResponse(set, "2001:db8:1::2")).isEqualTo(ip("2001:db8:1::/48"));
        assertThat(foundResponse(set, "2001:db8:1::1")).isEqualTo(ip("2001:db8:1::1/128"));
        assertThat(foundResponse(set, "2001:db8:1:8000::1")).isEqualTo(ip("2001:db8:1:8000::/49"));
        assertThat(foundResponse(set, "2001:db8:1:7fff:ffff:ffff:ffff:ffff")).isEqualTo(ip("2001:db8:1::/48"));
        assertThat(foundResponse(set, "2001:db9::1")).isNull();
        assertThat(foundResponse(set, "::1")).isNull();
    }

    @Test
    void shortestPrefixesMatchWithinTheirFamilyOnly() {
        PolicySet v4all = setOf(ip("0.0.0.0/0"));
        assertThat(foundResponse(v4all, "203.0.113.9")).isEqualTo(ip("0.0.0.0/0"));
        assertThat(foundResponse(v4all, "255.255.255.255")).isEqualTo(ip("0.0.0.0/0"));
        assertThat(foundResponse(v4all, "2001:db8::1")).isNull();
        PolicySet v6 = setOf(ip("2000::/3"), ip("::/1"));
        assertThat(foundResponse(v6, "2001:db8::1")).isEqualTo(ip("2000::/3"));
        assertThat(foundResponse(v6, "::2")).isEqualTo(ip("::/1"));
        PolicySet v4 = setOf(ip("192.0.2.0/24"));
        // IPv4-compatible and NAT64 spellings are IPv6 addresses, not the IPv4 one.
        assertThat(foundResponse(v4, "::c000:201")).isNull();
        assertThat(foundResponse(v4, "64:ff9b::c000:201")).isNull();
        assertThat(foundResponse(v4, "::ffff:192.0.2.1")).isEqualTo(ip("192.0.2.0/24"));
    }

    @Test
    void responseAndClientAddressTriggersAreKeptApart() {
        PolicySet set = setOf(ip("192.0.2.0/24"), client("198.51.100.0/24"), ip("2001:db8::/32"),
                client("2001:db8:ffff::/48"));
        assertThat(foundResponse(set, "192.0.2.1")).isEqualTo(ip("192.0.2.0/24"));
        assertThat(foundClient(set, "192.0.2.1")).isNull();
        assertThat(foundClient(set, "198.51.100.7")).isEqualTo(client("198.51.100.0/24"));
        assertThat(foundResponse(set, "198.51.100.7")).isNull();
        assertThat(foundResponse(set, "2001:db8:ffff::1")).isEqualTo(ip("2001:db8::/32"));
        assertThat(foundClient(set, "2001:db8:ffff::1")).isEqualTo(client("2001:db8:ffff::/48"));
        assertThat(foundClient(set, "2001:db8:1::1")).isNull();
    }

    @Test
    void theSamePrefixAsResponseAndClientTriggerIsTwoEntries() {
        PolicySet.Builder b = PolicySet.builder();
        assertThat(add(b, ip("192.0.2.0/24"), PolicyAction.NXDOMAIN)).isEqualTo(PolicySet.Added.ADDED);
        assertThat(add(b, client("192.0.2.0/24"), PolicyAction.PASSTHRU)).isEqualTo(PolicySet.Added.ADDED);
        PolicySet set = b.build();
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.action(set.lookupResponseAddress(addr("192.0.2.9")))).isEqualTo(PolicyAction.NXDOMAIN);
        assertThat(set.action(set.lookupClient(addr("192.0.2.9")))).isEqualTo(PolicyAction.PASSTHRU);
    }

    @Test
    void namesAndAddressesNeverMatchEachOther() {
        PolicySet set = setOf(domain("192.0.2.1"), ip("198.51.100.1/32"));
        assertThat(set.lookupResponseAddress(addr("192.0.2.1"))).isEqualTo(PolicySet.NO_MATCH);
        assertThat(set.lookupClient(addr("192.0.2.1"))).isEqualTo(PolicySet.NO_MATCH);
        assertThat(set.lookupName("198.51.100.1")).isEqualTo(PolicySet.NO_MATCH);
        assertThat(found(set, "192.0.2.1")).isEqualTo(domain("192.0.2.1"));
    }

    // ---- builder ----

    @Test
    void duplicatesAreMergedOrReportedAsConflicts() {
        PolicySet.Builder b = PolicySet.builder();
        assertThat(b.add(domain("evil.example"), PolicyAction.NXDOMAIN, "feed-a", "phishing", T1, T1, null))
                .isEqualTo(PolicySet.Added.ADDED);
        assertThat(b.add(domain("EVIL.example."), PolicyAction.NXDOMAIN, "feed-b", "malware", T0, T2, null))
                .isEqualTo(PolicySet.Added.MERGED);
        assertThat(b.add(domain("evil.example"), PolicyAction.PASSTHRU, "allow", "false positive", T1, T1, null))
                .isEqualTo(PolicySet.Added.CONFLICT);
        assertThat(b.size()).isEqualTo(1);
        PolicySet set = b.build();
        assertThat(set.size()).isEqualTo(1);
        assertThat(set.action(0)).isEqualTo(PolicyAction.NXDOMAIN);
        assertThat(set.source(0)).isEqualTo("feed-a");
        assertThat(set.reason(0)).isEqualTo("phishing");
        ListEntry entry = set.entry(0);
        assertThat(entry.firstSeen()).isEqualTo(T0);
        assertThat(entry.lastSeen()).isEqualTo(T2);
    }

    @Test
    void mergingKeepsTheEarliestFirstSeenAndTheLatestLastSeen() {
        PolicySet.Builder b = PolicySet.builder();
        b.add(ip("192.0.2.0/24"), PolicyAction.DROP, "a", "", T1, T2, null);
        b.add(ip("192.0.2.0/24"), PolicyAction.DROP, "b", "", T1, T1, null); // inside: changes nothing
        b.add(ip("192.0.2.0/24"), PolicyAction.DROP, "c", "", T0, T1, null); // earlier first seen
        PolicySet set = b.build();
        assertThat(set.entry(0).firstSeen()).isEqualTo(T0);
        assertThat(set.entry(0).lastSeen()).isEqualTo(T2);

        PolicySet.Builder later = PolicySet.builder();
        later.add(client("2001:db8::/32"), PolicyAction.PASSTHRU, "a", "", T0, T1, null);
        later.add(client("2001:db8::/32"), PolicyAction.PASSTHRU, "b", "", T2, T3, null);
        PolicySet laterSet = later.build();
        assertThat(laterSet.entry(0).firstSeen()).isEqualTo(T0);
        assertThat(laterSet.entry(0).lastSeen()).isEqualTo(T3);
    }

    @Test
    void anExpiryOfNeverWinsOverADate() {
        PolicySet.Builder b = PolicySet.builder();
        b.add(domain("a.example"), PolicyAction.NXDOMAIN, "s", "", T0, T0, T2);
        b.add(domain("a.example"), PolicyAction.NXDOMAIN, "s", "", T0, T0, null);
        b.add(domain("b.example"), PolicyAction.NXDOMAIN, "s", "", T0, T0, null);
        b.add(domain("b.example"), PolicyAction.NXDOMAIN, "s", "", T0, T0, T2);
        PolicySet set = b.build();
        assertThat(set.expires(set.find(domain("a.example")))).isNull();
        assertThat(set.expires(set.find(domain("b.example")))).isNull();
        assertThat(set.entry(set.find(domain("a.example"))).expires()).isNull();
    }

    @Test
    void theLaterExpiryDateWins() {
        PolicySet.Builder b = PolicySet.builder();
        b.add(domain("a.example"), PolicyAction.NXDOMAIN, "s", "", T0, T0, T2);
        b.add(domain("a.example"), PolicyAction.NXDOMAIN, "s", "", T0, T0, T3);
        b.add(domain("b.example"), PolicyAction.NXDOMAIN, "s", "", T0, T0, T3);
        b.add(domain("b.example"), PolicyAction.NXDOMAIN, "s", "", T0, T0, T2);
        PolicySet set = b.build();
        assertThat(set.expires(set.find(domain("a.example")))).isEqualTo(T3);
        assertThat(set.expires(set.find(domain("b.example")))).isEqualTo(T3);
    }

    @Test
    void anEntryThatExpiredAtTheEpochDoesNotBecomePermanent() {
        // A date is stored as seconds with 0 meaning "never": an entry expiring at (or, clamped, before) the
        // epoch must still report an expiry, or an entry a source says is over would hold for ever.
        PolicySet.Builder b = PolicySet.builder();
        ListEntry expired = new ListEntry(domain("old.example"), PolicyAction.NXDOMAIN, "s", "", Instant.EPOCH,
                Instant.EPOCH, Instant.EPOCH);
        b.add(expired);
        PolicySet set = b.build();
        assertThat(expired.activeAt(T0)).isFalse();
        assertThat(set.expires(0)).isNotNull();
        assertThat(set.entry(0).activeAt(T0)).isFalse();
    }

    @Test
    void entriesRoundTripThroughTheSet() {
        List<ListEntry> entries = List.of(
                new ListEntry(domain("evil.example"), PolicyAction.NXDOMAIN, "feed-a", "phishing", T0, T1, null),
                new ListEntry(wildcard("例え.jp"), PolicyAction.NODATA, "feed-b", "", T0, T2, T3),
                new ListEntry(ip("192.0.2.0/24"), PolicyAction.DROP, "feed-a", "c2", T1, T1, T2),
                new ListEntry(ip("2001:db8:1::/48"), PolicyAction.WALLED_GARDEN, "hub", "malware", T0, T3, null),
                new ListEntry(client("198.51.100.7/32"), PolicyAction.PASSTHRU, "opt-out", "customer", T2, T2,
                        null),
                new ListEntry(client("2001:db8:ffff::/48"), PolicyAction.PASSTHRU, "opt-out", "", T0, T0, null),
                new ListEntry(ip("0.0.0.0/0"), PolicyAction.NXDOMAIN, "test", "everything", T0, T0, null));
        PolicySet.Builder b = PolicySet.builder();
        for (ListEntry e : entries) {
            assertThat(b.add(e)).isEqualTo(PolicySet.Added.ADDED);
        }
        PolicySet set = b.build();
        assertThat(set.size()).isEqualTo(entries.size());
        for (int id = 0; id < entries.size(); id++) {
            ListEntry e = entries.get(id);
            assertThat(set.entry(id)).isEqualTo(e);
            assertThat(set.trigger(id)).isEqualTo(e.trigger());
            assertThat(set.kind(id)).isEqualTo(e.trigger().kind());
            assertThat(set.action(id)).isEqualTo(e.action());
            assertThat(set.source(id)).isEqualTo(e.source());
            assertThat(set.reason(id)).isEqualTo(e.reason());
            assertThat(set.expires(id)).isEqualTo(e.expires());
            assertThat(set.find(e.trigger())).isEqualTo(id);
        }
        assertThat(set.name(0)).isEqualTo("evil.example");
        assertThat(set.name(1)).isEqualTo("xn--r8jz45g.jp");
        assertThat(set.prefix(2)).isEqualTo(IpPrefix.parse("192.0.2.0/24"));
        assertThat(set.prefix(3)).isEqualTo(IpPrefix.parse("2001:db8:1::/48"));
        assertThat(set.prefix(6)).isEqualTo(IpPrefix.parse("0.0.0.0/0"));
    }

    @Test
    void aNullReasonIsStoredAsEmpty() {
        PolicySet.Builder b = PolicySet.builder();
        b.add(domain("a.example"), PolicyAction.NXDOMAIN, "s", null, T0, T0, null);
        assertThat(b.build().reason(0)).isEmpty();
    }

    @Test
    void urlTriggersAreRejectedWithAMessage() {
        PolicySet.Builder b = PolicySet.builder();
        Trigger url = Trigger.url("evil.example/dl/");
        assertThatThrownBy(() -> add(b, url, PolicyAction.NXDOMAIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("evil.example/dl/")
                .hasMessageContaining("URL list");
        ListEntry entry = new ListEntry(url, PolicyAction.DROP, "s", "", T0, T0, null);
        assertThatThrownBy(() -> b.add(entry)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("URL");
        assertThat(b.size()).isZero();
        assertThat(b.build().size()).isZero();
    }

    @Test
    void samePolicyComparesTriggerAndActionOnly() {
        PolicySet.Builder a = PolicySet.builder();
        a.add(domain("evil.example"), PolicyAction.NXDOMAIN, "feed-a", "x", T0, T0, null);
        a.add(ip("192.0.2.0/24"), PolicyAction.DROP, "feed-a", "", T0, T0, null);
        a.add(wildcard("evil.example"), PolicyAction.NXDOMAIN, "feed-a", "", T0, T0, null);
        PolicySet first = a.build();
        PolicySet.Builder b = PolicySet.builder();
        b.add(ip("192.0.2.0/24"), PolicyAction.DROP, "other-feed", "other reason", T2, T3, T3); // id 0
        b.add(domain("evil.example"), PolicyAction.NXDOMAIN, "feed-b", "y", T1, T2, T3); // id 1
        b.add(domain("evil2.example"), PolicyAction.NXDOMAIN, "feed-a", "x", T0, T0, null); // id 2
        b.add(wildcard("evil.example"), PolicyAction.DROP, "feed-a", "", T0, T0, null); // id 3
        b.add(client("192.0.2.0/24"), PolicyAction.DROP, "feed-a", "", T0, T0, null); // id 4
        PolicySet second = b.build();
        assertThat(first.samePolicy(0, second, 1)).isTrue();
        assertThat(first.samePolicy(1, second, 0)).isTrue();
        assertThat(first.samePolicy(0, second, 2)).as("another name").isFalse();
        assertThat(first.samePolicy(2, second, 3)).as("another action").isFalse();
        assertThat(first.samePolicy(0, first, 2)).as("domain vs wildcard").isFalse();
        assertThat(first.samePolicy(1, second, 4)).as("response vs client").isFalse();
        assertThat(first.samePolicy(1, first, 1)).isTrue();
    }

    @Test
    void findLooksUpExactTriggersOnly() {
        PolicySet set = setOf(domain("evil.example"), wildcard("evil.example"), ip("192.0.2.0/24"),
                client("192.0.2.0/24"), ip("2001:db8::/32"));
        assertThat(set.find(domain("evil.example"))).isEqualTo(0);
        assertThat(set.find(domain("EVIL.Example."))).isEqualTo(0);
        assertThat(set.find(wildcard("evil.example"))).isEqualTo(1);
        assertThat(set.find(ip("192.0.2.0/24"))).isEqualTo(2);
        assertThat(set.find(client("192.0.2.0/24"))).isEqualTo(3);
        assertThat(set.find(ip("2001:db8::/32"))).isEqualTo(4);
        assertThat(set.find(new Trigger(TriggerKind.IP, "2001:DB8:0::/32"))).isEqualTo(4);
        assertThat(set.find(domain("www.evil.example"))).isEqualTo(PolicySet.NO_MATCH);
        assertThat(set.find(wildcard("example"))).isEqualTo(PolicySet.NO_MATCH);
        assertThat(set.find(ip("192.0.2.0/25"))).isEqualTo(PolicySet.NO_MATCH);
        assertThat(set.find(ip("192.0.2.1/32"))).isEqualTo(PolicySet.NO_MATCH);
        assertThat(set.find(client("2001:db8::/32"))).isEqualTo(PolicySet.NO_MATCH);
    }

    @Test
    void anEmptySetMatchesNothing() {
        PolicySet empty = PolicySet.empty();
        assertThat(empty.size()).isZero();
        assertThat(empty.lookupName("example.com")).isEqualTo(PolicySet.NO_MATCH);
        assertThat(empty.lookupName("例え.jp")).isEqualTo(PolicySet.NO_MATCH);
        assertThat(empty.lookupResponseAddress(addr("192.0.2.1"))).isEqualTo(PolicySet.NO_MATCH);
        assertThat(empty.lookupClient(addr("2001:db8::1"))).isEqualTo(PolicySet.NO_MATCH);
        assertThat(empty.find(domain("example.com"))).isEqualTo(PolicySet.NO_MATCH);
        assertThat(empty.memoryBytes()).isPositive();
    }

    @Test
    void aBuiltSetIsNotChangedByLaterAdds() {
        PolicySet.Builder b = PolicySet.builder();
        add(b, domain("a.example"), PolicyAction.NXDOMAIN);
        PolicySet first = b.build();
        for (int i = 0; i < 100; i++) {
            add(b, domain("n" + i + ".example"), PolicyAction.DROP);
        }
        b.add(domain("a.example"), PolicyAction.NXDOMAIN, "x", "", T0, T3, null);
        assertThat(first.size()).isEqualTo(1);
        assertThat(first.lookupName("n5.example")).isEqualTo(PolicySet.NO_MATCH);
        assertThat(first.entry(0).lastSeen()).isEqualTo(T1);
        assertThat(b.build().size()).isEqualTo(101);
    }

    // ---- memory ----

    @Test
    void aHundredThousandDomainsCostLessThan150BytesAnEntry() {
        Random random = new Random(42);
        String[] tlds = {"com", "net", "jp", "co.jp", "info", "xyz", "top"};
        String[] sources = {"feed-a", "feed-b", "hub", "file"};
        PolicySet.Builder b = PolicySet.builder();
        long nameBytes = 0;
        while (b.size() < 100_000) {
            String name = randomLabel(random, 4, 14) + (random.nextInt(4) == 0 ? "." + randomLabel(random, 2, 8) : "")
                    + "." + tlds[random.nextInt(tlds.length)];
            Trigger trigger = random.nextInt(5) == 0 ? wildcard(name) : domain(name);
            PolicySet.Added added = b.add(trigger, PolicyAction.NXDOMAIN, sources[random.nextInt(sources.length)],
                    "malware", T0, T1, random.nextBoolean() ? null : T3);
            if (added == PolicySet.Added.ADDED) {
                nameBytes += name.length();
            }
        }
        PolicySet set = b.build();
        long bytes = set.memoryBytes();
        double perEntry = (double) bytes / set.size();
        assertThat(set.size()).isEqualTo(100_000);
        // At least the key bytes and four bytes a column are counted; far less than a HashMap of strings would cost.
        assertThat(bytes).isGreaterThan(nameBytes + 100_000L * 26);
        assertThat(perEntry).as("bytes per entry").isLessThan(150.0);
    }

    static String randomLabel(Random random, int min, int max) {
        int length = min + random.nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    // ---- randomized cross-checks ----

    private static final String[] VOCABULARY = {"a", "b", "c", "ab", "ba", "x-1", "_s", "com", "jp", "co"};

    static String randomName(Random random, int maxLabels, boolean withMisses) {
        int labels = 1 + random.nextInt(maxLabels);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < labels; i++) {
            if (i > 0) {
                sb.append('.');
            }
            if (withMisses && random.nextInt(20) == 0) {
                sb.append("zz").append(random.nextInt(10));
            } else {
                sb.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
            }
        }
        return sb.toString();
    }

    /** Exact name first, then the wildcard of the nearest listed parent, as RPZ says. */
    static Trigger referenceLookup(Map<String, Trigger> names, Map<String, Trigger> wildcards, String qname) {
        String canonical = qname.toLowerCase(Locale.ROOT);
        if (canonical.endsWith(".")) {
            canonical = canonical.substring(0, canonical.length() - 1);
        }
        Trigger exact = names.get(canonical);
        if (exact != null) {
            return exact;
        }
        for (int dot = canonical.indexOf('.'); dot >= 0; dot = canonical.indexOf('.', dot + 1)) {
            Trigger wildcard = wildcards.get(canonical.substring(dot + 1));
            if (wildcard != null) {
                return wildcard;
            }
        }
        return null;
    }

    @Test
    void nameLookupsAgreeWithANaiveReference() {
        Random random = new Random(20261123);
        Map<String, Trigger> names = new HashMap<>();
        Map<String, Trigger> wildcards = new HashMap<>();
        Map<Trigger, PolicyAction> actions = new HashMap<>();
        PolicyAction[] allActions = PolicyAction.values();
        PolicySet.Builder b = PolicySet.builder();
        for (int i = 0; i < 3000; i++) {
            String name = randomName(random, 4, false);
            boolean isWildcard = random.nextBoolean();
            Trigger trigger = isWildcard ? wildcard(name) : domain(name);
            PolicyAction action = allActions[random.nextInt(allActions.length)];
            PolicySet.Added added = add(b, trigger, action);
            PolicyAction first = actions.putIfAbsent(trigger, action);
            if (first == null) {
                assertThat(added).isEqualTo(PolicySet.Added.ADDED);
                (isWildcard ? wildcards : names).put(name, trigger);
            } else {
                assertThat(added).isEqualTo(first == action ? PolicySet.Added.MERGED : PolicySet.Added.CONFLICT);
            }
        }
        PolicySet set = b.build();
        assertThat(set.size()).isEqualTo(actions.size());
        int matches = 0;
        int wildcardMatches = 0;
        for (int i = 0; i < 20_000; i++) {
            String qname = randomName(random, 6, true);
            if (random.nextBoolean()) {
                qname = qname.toUpperCase(Locale.ROOT);
            }
            if (random.nextBoolean()) {
                qname = qname + ".";
            }
            Trigger expected = referenceLookup(names, wildcards, qname);
            int id = set.lookupName(qname);
            if (expected == null) {
                assertThat(id).as(qname).isEqualTo(PolicySet.NO_MATCH);
                continue;
            }
            assertThat(id).as(qname).isNotEqualTo(PolicySet.NO_MATCH);
            assertThat(set.trigger(id)).as(qname).isEqualTo(expected);
            assertThat(set.action(id)).as(qname).isEqualTo(actions.get(expected));
            matches++;
            if (expected.kind() == TriggerKind.WILDCARD) {
                wildcardMatches++;
            }
        }
        // The draw exercises hits of both kinds and misses.
        assertThat(matches).isBetween(2000, 19_000);
        assertThat(wildcardMatches).isGreaterThan(1000);
        for (Trigger t : actions.keySet()) {
            assertThat(set.trigger(set.find(t))).isEqualTo(t);
        }
    }

    static IpPrefix maskedPrefix(IpAddress address, int length) {
        if (address.isV4()) {
            int v4 = (int) address.low();
            int mask = length == 0 ? 0 : -1 << (32 - length);
            return new IpPrefix(IpAddress.ofV4(v4 & mask), length);
        }
        long highMask = length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
        long lowMask = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
        return new IpPrefix(IpAddress.of(address.high() & highMask, address.low() & lowMask), length);
    }

    static IpAddress randomV4(Random random) {
        // A small space, so that prefixes nest and overlap often.
        return IpAddress.ofV4(0x0a000000 | random.nextInt(4) << 16 | random.nextInt(4) << 8 | random.nextInt(256));
    }

    static IpAddress randomV6(Random random) {
        long high = 0x20010db800000000L | (long) random.nextInt(4) << 16 | random.nextInt(4);
        long low = random.nextBoolean() ? random.nextInt(256) : random.nextLong();
        return IpAddress.of(high, low);
    }

    static Trigger referenceLongest(List<Trigger> triggers, List<IpPrefix> prefixes, TriggerKind kind,
                                    IpAddress address) {
        Trigger best = null;
        int bestLength = -1;
        for (int i = 0; i < triggers.size(); i++) {
            IpPrefix prefix = prefixes.get(i);
            if (triggers.get(i).kind() == kind && prefix.length() > bestLength && prefix.contains(address)) {
                best = triggers.get(i);
                bestLength = prefix.length();
            }
        }
        return best;
    }

    @Test
    void addressLookupsAgreeWithANaiveReference() {
        Random random = new Random(7);
        Map<Trigger, Boolean> unique = new LinkedHashMap<>();
        PolicySet.Builder b = PolicySet.builder();
        for (int i = 0; i < 1500; i++) {
            boolean v4 = random.nextBoolean();
            IpAddress address = v4 ? randomV4(random) : randomV6(random);
            int length = v4 ? 8 + random.nextInt(25) : 16 + random.nextInt(113);
            IpPrefix prefix = maskedPrefix(address, length);
            Trigger trigger = random.nextBoolean() ? Trigger.ip(prefix) : Trigger.clientIp(prefix);
            PolicySet.Added added = add(b, trigger, PolicyAction.DROP);
            assertThat(added).isEqualTo(unique.put(trigger, true) == null
                    ? PolicySet.Added.ADDED : PolicySet.Added.MERGED);
        }
        PolicySet set = b.build();
        List<Trigger> triggers = new ArrayList<>(unique.keySet());
        List<IpPrefix> prefixes = triggers.stream().map(t -> t.prefix().orElseThrow()).toList();
        assertThat(set.size()).isEqualTo(triggers.size());
        int hits = 0;
        for (int i = 0; i < 5000; i++) {
            IpAddress address = random.nextBoolean() ? randomV4(random) : randomV6(random);
            Trigger response = referenceLongest(triggers, prefixes, TriggerKind.IP, address);
            Trigger clientTrigger = referenceLongest(triggers, prefixes, TriggerKind.CLIENT_IP,
                    address);
            int responseId = set.lookupResponseAddress(address);
            int clientId = set.lookupClient(address);
            assertThat(responseId == PolicySet.NO_MATCH ? null : set.trigger(responseId)).as("ip " + address)
                    .isEqualTo(response);
            assertThat(clientId == PolicySet.NO_MATCH ? null : set.trigger(clientId)).as("client " + address)
                    .isEqualTo(clientTrigger);
            hits += (response == null ? 0 : 1) + (clientTrigger == null ? 0 : 1);
        }
        assertThat(hits).isGreaterThan(1000);
    }
}
