package org.kizashi.active.rpz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.active.Trigger;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;
import org.xbill.DNS.Name;

class RpzNamesTest {
    static final Name ORIGIN = Name.fromConstantString("rpz.kizashi.");
    static final Name WARNING = Name.fromConstantString("warning.isp.example.");

    static String labels(String prefix) {
        return RpzNames.addressLabels(IpPrefix.parse(prefix));
    }

    static IpPrefix parse(String labels) {
        return RpzNames.parseAddressLabels(labels.split("\\.", -1));
    }

    static Name name(String text) {
        return Name.fromConstantString(text);
    }

    // ---- owner names ----

    @Test
    void relativeOwnerOfEveryKind() {
        assertThat(RpzNames.relativeOwner(Trigger.domain("Evil.Example."))).isEqualTo("evil.example");
        assertThat(RpzNames.relativeOwner(Trigger.wildcard("evil.example"))).isEqualTo("*.evil.example");
        assertThat(RpzNames.relativeOwner(Trigger.domain("例え.jp"))).isEqualTo("xn--r8jz45g.jp");
        assertThat(RpzNames.relativeOwner(Trigger.ip(IpPrefix.parse("192.0.2.0/24"))))
                .isEqualTo("24.0.2.0.192.rpz-ip");
        assertThat(RpzNames.relativeOwner(Trigger.ip(IpPrefix.parse("2001:db8::/32"))))
                .isEqualTo("32.zz.db8.2001.rpz-ip");
        assertThat(RpzNames.relativeOwner(Trigger.clientIp(IpPrefix.parse("198.51.100.7"))))
                .isEqualTo("32.7.100.51.198.rpz-client-ip");
        assertThat(RpzNames.relativeOwner(Trigger.clientIp(IpPrefix.parse("2001:db8:1::/48"))))
                .isEqualTo("48.zz.1.db8.2001.rpz-client-ip");
    }

    @Test
    void urlTriggersHaveNoOwnerName() {
        assertThatThrownBy(() -> RpzNames.relativeOwner(Trigger.url("evil.example/dl/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("evil.example/dl/");
    }

    @Test
    void ownerIsAbsoluteInTheZone() throws Exception {
        assertThat(RpzNames.owner(Trigger.wildcard("evil.example"), ORIGIN))
                .isEqualTo(name("*.evil.example.rpz.kizashi."));
        assertThat(RpzNames.owner(Trigger.ip(IpPrefix.parse("192.0.2.1")), ORIGIN))
                .isEqualTo(name("32.1.2.0.192.rpz-ip.rpz.kizashi."));
    }

    // ---- address labels ----

    @Test
    void ipv4LabelsAreTheLengthThenTheOctetsReversed() {
        assertThat(labels("192.0.2.1/32")).isEqualTo("32.1.2.0.192");
        assertThat(labels("192.0.2.0/24")).isEqualTo("24.0.2.0.192");
        assertThat(labels("10.0.0.0/8")).isEqualTo("8.0.0.0.10");
        assertThat(labels("255.255.255.255/32")).isEqualTo("32.255.255.255.255");
    }

    @Test
    void ipv6LabelsReverseTheGroupsAndWriteTheLongestZeroRunAsZz() {
        assertThat(labels("2001:db8::1/128")).isEqualTo("128.1.zz.db8.2001");
        assertThat(labels("2001:db8::/32")).isEqualTo("32.zz.db8.2001");
        assertThat(labels("::1/128")).isEqualTo("128.1.zz");
        assertThat(labels("2001:db8:1::/48")).isEqualTo("48.zz.1.db8.2001");
        assertThat(labels("2001:db8:0:0:1::/80")).isEqualTo("80.zz.1.0.0.db8.2001");
        assertThat(labels("fe80::/10")).isEqualTo("10.zz.fe80");
        assertThat(labels("2001:db8::1:0:0:0:1/128")).isEqualTo("128.1.zz.1.0.db8.2001");
    }

    @Test
    void ipv6LabelsWithoutAZeroRunListAllEightGroups() {
        assertThat(labels("2001:db8:1:2:3:4:5:6/128")).isEqualTo("128.6.5.4.3.2.1.db8.2001");
        assertThat(labels("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"))
                .isEqualTo("128.ffff.ffff.ffff.ffff.ffff.ffff.ffff.ffff");
    }

    @Test
    void ipv6TiesBetweenEqualZeroRunsCompressTheFirstInAddressOrder() {
        // BIND's canonical form: 2001:db8:0:0:1:0:0:1 is "1.0.0.1.zz.db8.2001" (RFC 5952 picks the first run).
        assertThat(labels("2001:db8:0:0:1:0:0:1/128")).isEqualTo("128.1.0.0.1.zz.db8.2001");
        assertThat(labels("2001:0:0:1:0:0:1:1/128")).isEqualTo("128.1.1.0.0.1.zz.2001");
        // A longer run later in the address wins over a shorter first one.
        assertThat(labels("2001:0:0:1::1/128")).isEqualTo("128.1.zz.1.0.0.2001");
    }

    @Test
    void aSingleZeroGroupIsNotCompressed() {
        // RFC 5952 section 4.2.2, and BIND's canonical rpz-ip name (rpz.c ip2name): "::" never stands for one
        // group. BIND loads "1.zz.db8" for one zero group but logs, at error level, that it "is not the canonical"
        // name, once for every such entry of every zone load.
        assertThat(labels("2001:db8:0:1:2:3:4:5/128")).isEqualTo("128.5.4.3.2.1.0.db8.2001");
        assertThat(labels("2001:db8:1:2:3:4:5:0/128")).isEqualTo("128.0.5.4.3.2.1.db8.2001");
        assertThat(labels("2001:0:1:0:1:0:1:0/128")).isEqualTo("128.0.1.0.1.0.1.0.2001");
    }

    // ---- parsing address labels ----

    @Test
    void parsesIpv4AndIpv6Labels() {
        assertThat(parse("32.1.2.0.192")).isEqualTo(IpPrefix.parse("192.0.2.1/32"));
        assertThat(parse("24.0.2.0.192")).isEqualTo(IpPrefix.parse("192.0.2.0/24"));
        assertThat(parse("128.1.zz.db8.2001")).isEqualTo(IpPrefix.parse("2001:db8::1/128"));
        assertThat(parse("32.zz.db8.2001")).isEqualTo(IpPrefix.parse("2001:db8::/32"));
        assertThat(parse("128.1.zz")).isEqualTo(IpPrefix.parse("::1/128"));
        assertThat(parse("64.zz.db8.2001")).isEqualTo(IpPrefix.parse("2001:db8::/64"));
        assertThat(parse("32.0.0.0.0.0.0.db8.2001")).isEqualTo(IpPrefix.parse("2001:db8::/32"));
        assertThat(parse("128.1.0.0.1.zz.db8.2001")).isEqualTo(IpPrefix.parse("2001:db8::1:0:0:1/128"));
        assertThat(parse("128.1.zz.DB8.2001")).isEqualTo(IpPrefix.parse("2001:db8::1/128"));
        assertThat(parse("32.ZZ.db8.2001")).isEqualTo(IpPrefix.parse("2001:db8::/32"));
        assertThat(parse("1.zz")).isEqualTo(IpPrefix.parse("::/1"));
    }

    @Test
    void addressLabelsRoundTripForRandomPrefixes() {
        Random random = new Random(5952);
        for (int i = 0; i < 5000; i++) {
            IpPrefix prefix = randomPrefix(random, i % 2 == 0);
            String text = RpzNames.addressLabels(prefix);
            assertThat(RpzNames.parseAddressLabels(text.split("\\."))).as(prefix + " as " + text).isEqualTo(prefix);
        }
    }

    static IpPrefix randomPrefix(Random random, boolean v4) {
        if (v4) {
            int length = 1 + random.nextInt(32);
            int mask = -1 << (32 - length);
            return new IpPrefix(IpAddress.ofV4(random.nextInt() & mask), length);
        }
        while (true) {
            int length = 1 + random.nextInt(128);
            long high = 0;
            long low = 0;
            for (int g = 0; g < 8; g++) {
                // Many zero groups, so that runs of every length and position (and ties) occur.
                long group = random.nextInt(3) == 0 ? random.nextInt(0x10000) : random.nextInt(4) == 0 ? 1 : 0;
                if (g < 4) {
                    high |= group << (48 - 16 * g);
                } else {
                    low |= group << (48 - 16 * (g - 4));
                }
            }
            long highMask = length >= 64 ? -1L : -1L << (64 - length);
            long lowMask = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
            IpAddress network = IpAddress.of(high & highMask, low & lowMask);
            if (!network.isV4()) {
                return new IpPrefix(network, length);
            }
        }
    }

    @Test
    void rejectsIpv4PrefixLengthsOutside1To32() {
        assertThatThrownBy(() -> parse("0.0.0.0.0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IPv4 prefix length 0");
        assertThatThrownBy(() -> parse("33.1.2.0.192")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IPv4 prefix length 33");
    }

    @Test
    void rejectsIpv6PrefixLengthsOutside1To128() {
        assertThatThrownBy(() -> parse("129.1.zz.db8.2001")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IPv6 prefix length 129");
        assertThatThrownBy(() -> parse("0.zz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix length 0");
    }

    @Test
    void rejectsMalformedPrefixLengths() {
        assertThatThrownBy(() -> parse("x.1.2.0.192")).hasMessageContaining("'x' is not a prefix length");
        assertThatThrownBy(() -> parse("-1.1.2.0.192")).hasMessageContaining("not a prefix length");
        assertThatThrownBy(() -> parse("1000.zz")).hasMessageContaining("not a prefix length");
        assertThatThrownBy(() -> parse(".1.2.0.192")).hasMessageContaining("not a prefix length");
    }

    @Test
    void rejectsBadIpv4Octets() {
        assertThatThrownBy(() -> parse("32.256.2.0.192")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'256' is not an IPv4 octet");
        assertThatThrownBy(() -> parse("32.01.2.0.192")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'01' is not an IPv4 octet");
        assertThatThrownBy(() -> parse("32.1.2.00.192")).hasMessageContaining("'00' is not an IPv4 octet");
    }

    @Test
    void rejectsBadIpv6Groups() {
        assertThatThrownBy(() -> parse("128.1.zz.db8.2001x")).hasMessageContaining("'2001x' is not an IPv6 group");
        assertThatThrownBy(() -> parse("128.1.zz.10000.2001")).hasMessageContaining("'10000' is not an IPv6 group");
        assertThatThrownBy(() -> parse("128.1..db8.2001")).hasMessageContaining("is not an IPv6 group");
    }

    @Test
    void rejectsTwoZz() {
        assertThatThrownBy(() -> parse("128.1.zz.1.zz.2001")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than one 'zz'");
    }

    @Test
    void rejectsTooFewGroupsWithoutZz() {
        assertThatThrownBy(() -> parse("128.1.0.db8.2001")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 8 groups, has 4");
        assertThatThrownBy(() -> parse("64.1.2.3.4.5.6.7")).hasMessageContaining("needs 8 groups, has 7");
    }

    @Test
    void rejectsTooManyGroups() {
        assertThatThrownBy(() -> parse("128.1.2.3.4.5.6.7.8.9")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("128.1.2.3.4.zz.5.6.7.8")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an address");
    }

    @Test
    void rejectsHostBitsNamingTheMaskedForm() {
        assertThatThrownBy(() -> parse("24.1.2.0.192")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("192.0.2.0/24");
        assertThatThrownBy(() -> parse("32.1.zz.db8.2001")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2001:db8::/32");
        assertThatThrownBy(() -> parse("8.1.0.0.10")).hasMessageContaining("did you mean 10.0.0.0/8");
    }

    @Test
    void rejectsTooFewLabels() {
        assertThatThrownBy(() -> RpzNames.parseAddressLabels(new String[] {"32"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a prefix length and an address");
        assertThatThrownBy(() -> RpzNames.parseAddressLabels(new String[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIpv6SpelledTriggerIsNotReadAsAnIpv4Prefix() {
        // "32.201.c000.ffff.zz" is ::ffff:192.0.2.1 with a 32-bit IPv6 prefix: bits set beyond the prefix, which
        // BIND refuses ("too small prefix length"). It must not come back as the IPv4 prefix 192.0.2.1/32.
        assertThatThrownBy(() -> parse("32.201.c000.ffff.zz")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- triggers from owner names ----

    @Test
    void triggerOfRoundTripsOwnerNames() throws Exception {
        Trigger[] triggers = {
            Trigger.domain("evil.example"),
            Trigger.domain("例え.jp"),
            Trigger.domain("_dmarc.example"),
            Trigger.wildcard("evil.example"),
            Trigger.wildcard("jp"),
            Trigger.ip(IpPrefix.parse("192.0.2.0/24")),
            Trigger.ip(IpPrefix.parse("2001:db8::/32")),
            Trigger.ip(IpPrefix.parse("::1/128")),
            Trigger.clientIp(IpPrefix.parse("198.51.100.7/32")),
            Trigger.clientIp(IpPrefix.parse("2001:db8:0:0:1:0:0:1/128")),
        };
        for (Trigger trigger : triggers) {
            Name owner = RpzNames.owner(trigger, ORIGIN);
            assertThat(RpzNames.triggerOf(owner, ORIGIN)).as(owner.toString()).isEqualTo(trigger);
        }
        Random random = new Random(1);
        for (int i = 0; i < 1000; i++) {
            IpPrefix prefix = randomPrefix(random, random.nextBoolean());
            Trigger trigger = random.nextBoolean() ? Trigger.ip(prefix) : Trigger.clientIp(prefix);
            assertThat(RpzNames.triggerOf(RpzNames.owner(trigger, ORIGIN), ORIGIN)).isEqualTo(trigger);
        }
    }

    @Test
    void triggerOfIgnoresCaseAndAcceptsNonCanonicalAddressSpellings() {
        assertThat(RpzNames.triggerOf(name("EVIL.Example.RPZ.kizashi."), ORIGIN))
                .isEqualTo(Trigger.domain("evil.example"));
        assertThat(RpzNames.triggerOf(name("24.0.2.0.192.RPZ-IP.rpz.kizashi."), ORIGIN))
                .isEqualTo(Trigger.ip(IpPrefix.parse("192.0.2.0/24")));
        assertThat(RpzNames.triggerOf(name("32.0.0.0.0.0.0.db8.2001.rpz-ip.rpz.kizashi."), ORIGIN))
                .isEqualTo(Trigger.ip(IpPrefix.parse("2001:db8::/32")));
    }

    @Test
    void triggerOfIsNullForTheApexOutsideNamesAndMalformedAddresses() {
        assertThat(RpzNames.triggerOf(ORIGIN, ORIGIN)).isNull();
        assertThat(RpzNames.triggerOf(name("evil.example."), ORIGIN)).isNull();
        assertThat(RpzNames.triggerOf(name("kizashi."), ORIGIN)).isNull();
        assertThat(RpzNames.triggerOf(name("24.1.2.0.192.rpz-ip.rpz.kizashi."), ORIGIN)).isNull();
        assertThat(RpzNames.triggerOf(name("33.1.2.0.192.rpz-client-ip.rpz.kizashi."), ORIGIN)).isNull();
        assertThat(RpzNames.triggerOf(name("rpz-ip.rpz.kizashi."), ORIGIN)).isNull();
        assertThat(RpzNames.triggerOf(name("a.*.evil.example.rpz.kizashi."), ORIGIN)).isNull();
    }

    @Test
    void triggerOfIsNullForRpzLabelsThisProjectDoesNotPublish() {
        // Javadoc: null for "an rpz-* label this project does not publish".
        assertThat(RpzNames.triggerOf(name("ns.evil.example.rpz-nsdname.rpz.kizashi."), ORIGIN)).isNull();
        assertThat(RpzNames.triggerOf(name("32.1.2.0.192.rpz-nsip.rpz.kizashi."), ORIGIN)).isNull();
        assertThat(RpzNames.triggerOf(name("32.1.2.0.192.rpz-ipp.rpz.kizashi."), ORIGIN)).isNull();
    }

    // ---- action targets ----

    @Test
    void targetOfEachAction() {
        assertThat(RpzNames.target(PolicyAction.NXDOMAIN, WARNING)).isEqualTo(Name.root);
        assertThat(RpzNames.target(PolicyAction.NODATA, WARNING)).isEqualTo(name("*."));
        assertThat(RpzNames.target(PolicyAction.DROP, WARNING)).isEqualTo(name("rpz-drop."));
        assertThat(RpzNames.target(PolicyAction.PASSTHRU, WARNING)).isEqualTo(name("rpz-passthru."));
        assertThat(RpzNames.target(PolicyAction.WALLED_GARDEN, WARNING)).isEqualTo(WARNING);
        assertThat(RpzNames.target(PolicyAction.NXDOMAIN, null)).isEqualTo(Name.root);
    }

    @Test
    void walledGardenWithoutAWarningHostIsRefused() {
        assertThatThrownBy(() -> RpzNames.target(PolicyAction.WALLED_GARDEN, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warning host");
    }
}
