package org.kizashi.active.rpz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.active.Trigger;
import org.kizashi.core.net.IpPrefix;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

class RpzZoneTest {
    static final Name ORIGIN = Name.fromConstantString("rpz.kizashi.");
    static final Name WARNING = Name.fromConstantString("warning.isp.example.");
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final Path NAMED_CHECKZONE = Path.of("/usr/bin/named-checkzone");

    @TempDir
    Path dir;

    static Name name(String text) {
        return Name.fromConstantString(text);
    }

    /** A zone with every kind of trigger and every action. */
    static PolicySet everyKind() {
        PolicySet.Builder b = PolicySet.builder();
        add(b, Trigger.domain("evil.example"), PolicyAction.NXDOMAIN);
        add(b, Trigger.wildcard("evil.example"), PolicyAction.NXDOMAIN);
        add(b, Trigger.domain("nodata.example"), PolicyAction.NODATA);
        add(b, Trigger.wildcard("drop.example"), PolicyAction.DROP);
        add(b, Trigger.domain("allowed.evil.example"), PolicyAction.PASSTHRU);
        add(b, Trigger.domain("phish.example"), PolicyAction.WALLED_GARDEN);
        add(b, Trigger.wildcard("例え.jp"), PolicyAction.WALLED_GARDEN);
        add(b, Trigger.domain("_c2-node.example"), PolicyAction.DROP);
        add(b, Trigger.ip(IpPrefix.parse("192.0.2.0/24")), PolicyAction.NXDOMAIN);
        add(b, Trigger.ip(IpPrefix.parse("198.51.100.7/32")), PolicyAction.DROP);
        add(b, Trigger.ip(IpPrefix.parse("2001:db8::/32")), PolicyAction.NODATA);
        add(b, Trigger.ip(IpPrefix.parse("2001:db8:0:0:1:0:0:1/128")), PolicyAction.WALLED_GARDEN);
        add(b, Trigger.clientIp(IpPrefix.parse("203.0.113.0/24")), PolicyAction.PASSTHRU);
        add(b, Trigger.clientIp(IpPrefix.parse("2001:db8:ffff::/48")), PolicyAction.PASSTHRU);
        add(b, Trigger.clientIp(IpPrefix.parse("::1/128")), PolicyAction.PASSTHRU);
        return b.build();
    }

    static void add(PolicySet.Builder b, Trigger trigger, PolicyAction action) {
        assertThat(b.add(trigger, action, "test", "", T0, T0, null)).isEqualTo(PolicySet.Added.ADDED);
    }

    static RpzZone zone(PolicySet policies) {
        return new RpzZone(RpzZone.Settings.of(ORIGIN, WARNING), 2026112301L, policies);
    }

    static List<Record> records(RpzZone zone) {
        List<Record> records = new ArrayList<>();
        zone.forEachRecord(records::add);
        return records;
    }

    static String zoneFile(RpzZone zone) throws IOException {
        StringWriter out = new StringWriter();
        zone.writeZoneFile(out);
        return out.toString();
    }

    @Test
    void soaAndNsComeFirstWithTheSettings() {
        RpzZone rpz = zone(everyKind());
        SOARecord soa = rpz.soa();
        assertThat(soa.getName()).isEqualTo(ORIGIN);
        assertThat(soa.getSerial()).isEqualTo(2026112301L);
        assertThat(soa.getHost()).isEqualTo(name("localhost."));
        assertThat(soa.getAdmin()).isEqualTo(name("hostmaster.localhost."));
        assertThat(soa.getRefresh()).isEqualTo(300);
        assertThat(soa.getRetry()).isEqualTo(60);
        assertThat(soa.getExpire()).isEqualTo(604_800);
        assertThat(soa.getMinimum()).isEqualTo(60);
        assertThat(soa.getTTL()).isEqualTo(60);
        List<Record> fixed = rpz.fixedRecords();
        assertThat(fixed).hasSize(2);
        assertThat(fixed.get(0)).isEqualTo(soa);
        assertThat(fixed.get(1)).isInstanceOf(NSRecord.class);
        assertThat(((NSRecord) fixed.get(1)).getTarget()).isEqualTo(name("localhost."));
        List<Record> all = records(rpz);
        assertThat(all).hasSize(rpz.recordCount()).hasSize(2 + 15);
        assertThat(all.subList(0, 2)).isEqualTo(fixed);
        assertThat(all.subList(2, all.size())).allMatch(r -> r.getType() == Type.CNAME && r.getTTL() == 60);
    }

    @Test
    void eachEntryIsACnameToItsAction() {
        RpzZone rpz = zone(everyKind());
        PolicySet p = rpz.policies();
        assertThat(target(rpz, Trigger.domain("evil.example"))).isEqualTo(Name.root);
        assertThat(owner(rpz, Trigger.domain("evil.example"))).isEqualTo(name("evil.example.rpz.kizashi."));
        assertThat(owner(rpz, Trigger.wildcard("evil.example"))).isEqualTo(name("*.evil.example.rpz.kizashi."));
        assertThat(target(rpz, Trigger.domain("nodata.example"))).isEqualTo(name("*."));
        assertThat(target(rpz, Trigger.wildcard("drop.example"))).isEqualTo(name("rpz-drop."));
        assertThat(target(rpz, Trigger.domain("allowed.evil.example"))).isEqualTo(name("rpz-passthru."));
        assertThat(target(rpz, Trigger.domain("phish.example"))).isEqualTo(WARNING);
        assertThat(owner(rpz, Trigger.wildcard("例え.jp"))).isEqualTo(name("*.xn--r8jz45g.jp.rpz.kizashi."));
        assertThat(owner(rpz, Trigger.ip(IpPrefix.parse("192.0.2.0/24"))))
                .isEqualTo(name("24.0.2.0.192.rpz-ip.rpz.kizashi."));
        assertThat(owner(rpz, Trigger.ip(IpPrefix.parse("2001:db8::/32"))))
                .isEqualTo(name("32.zz.db8.2001.rpz-ip.rpz.kizashi."));
        assertThat(owner(rpz, Trigger.clientIp(IpPrefix.parse("203.0.113.0/24"))))
                .isEqualTo(name("24.0.113.0.203.rpz-client-ip.rpz.kizashi."));
        assertThat(target(rpz, Trigger.clientIp(IpPrefix.parse("203.0.113.0/24")))).isEqualTo(name("rpz-passthru."));
        assertThat(p.size()).isEqualTo(15);
    }

    static Name owner(RpzZone rpz, Trigger trigger) {
        return rpz.record(rpz.policies().find(trigger)).getName();
    }

    static Name target(RpzZone rpz, Trigger trigger) {
        return ((CNAMERecord) rpz.record(rpz.policies().find(trigger))).getTarget();
    }

    @Test
    void serialIsAnUnsigned32BitNumber() {
        RpzZone rpz = new RpzZone(RpzZone.Settings.of(ORIGIN, null), (1L << 32) + 5, PolicySet.empty());
        assertThat(rpz.serial()).isEqualTo(5);
        assertThat(rpz.withSerial(0xffff_ffffL).soa().getSerial()).isEqualTo(0xffff_ffffL);
        assertThat(rpz.withSerial(-1).serial()).isEqualTo(0xffff_ffffL);
        assertThat(rpz.withSerial(9).policies()).isSameAs(rpz.policies());
        assertThat(rpz.withSerial(9).settings()).isEqualTo(rpz.settings());
    }

    @Test
    void settingsNeedAnAbsoluteOrigin() throws Exception {
        Name relative = Name.fromString("rpz.kizashi", null);
        assertThatThrownBy(() -> RpzZone.Settings.of(relative, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> RpzZone.Settings.of(null, null)).isInstanceOf(NullPointerException.class);
        RpzZone.Settings moved = RpzZone.Settings.of(ORIGIN, WARNING).withOrigin(name("optout.rpz.kizashi."));
        assertThat(moved.origin()).isEqualTo(name("optout.rpz.kizashi."));
        assertThat(moved.warningHost()).isEqualTo(WARNING);
    }

    @Test
    void anEmptyZoneHasOnlyItsApex() throws Exception {
        RpzZone rpz = new RpzZone(RpzZone.Settings.of(ORIGIN, null), 1, PolicySet.empty());
        assertThat(rpz.recordCount()).isEqualTo(2);
        assertThat(records(rpz)).hasSize(2);
        assertThat(parse(zoneFile(rpz), ORIGIN)).hasSize(2);
        assertThat(RpzValidator.validate(rpz).valid()).isTrue();
    }

    @Test
    void walledGardenWithoutAWarningHostIsRefused() {
        PolicySet.Builder b = PolicySet.builder();
        add(b, Trigger.domain("phish.example"), PolicyAction.WALLED_GARDEN);
        RpzZone rpz = new RpzZone(RpzZone.Settings.of(ORIGIN, null), 1, b.build());
        assertThatThrownBy(() -> rpz.record(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warning host");
    }

    static List<Record> parse(String text, Name origin) throws IOException {
        List<Record> parsed = new ArrayList<>();
        try (Master master = new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), origin)) {
            for (Record r; (r = master.nextRecord()) != null; ) {
                parsed.add(r);
            }
        }
        return parsed;
    }

    @Test
    void theZoneFileParsesBackIntoTheSameRecords() throws Exception {
        RpzZone rpz = zone(everyKind());
        String text = zoneFile(rpz);
        assertThat(text).startsWith("; Response Policy Zone rpz.kizashi. serial 2026112301, 15 entries");
        List<Record> expected = records(rpz);
        // Parsed without an origin too: every name in the file is absolute.
        for (Name origin : new Name[] {ORIGIN, null}) {
            List<Record> parsed = parse(text, origin);
            assertThat(parsed).isEqualTo(expected);
            for (int i = 0; i < parsed.size(); i++) {
                assertThat(parsed.get(i).getTTL()).isEqualTo(expected.get(i).getTTL());
                assertThat(parsed.get(i).getName()).isEqualTo(expected.get(i).getName());
            }
        }
    }

    @Test
    void theZoneFilePassesNamedCheckzone() throws Exception {
        if (!Files.isExecutable(NAMED_CHECKZONE)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(NAMED_CHECKZONE + " is missing (install bind9-utils); CI must run this check");
            }
            Assumptions.abort(NAMED_CHECKZONE + " is not installed");
        }
        RpzZone rpz = zone(everyKind());
        Path file = dir.resolve("rpz.kizashi.zone");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            rpz.writeZoneFile(out);
        }
        Process process = new ProcessBuilder(NAMED_CHECKZONE.toString(), "-i", "none", ORIGIN.toString(),
                file.toString()).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("serial 2026112301").contains("OK");
    }

    @Test
    void aNameTooLongForTheZoneIsRefusedNamingTheEntry() {
        String name253 = ("a".repeat(63) + ".").repeat(3) + "b".repeat(61);
        PolicySet.Builder b = PolicySet.builder();
        add(b, Trigger.domain("fine.example"), PolicyAction.NXDOMAIN);
        add(b, Trigger.domain(name253), PolicyAction.NXDOMAIN);
        RpzZone rpz = zone(b.build());
        assertThat(rpz.record(0).getName()).isEqualTo(name("fine.example.rpz.kizashi."));
        assertThatThrownBy(() -> rpz.record(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name253)
                .hasMessageContaining("does not fit in zone rpz.kizashi.");
        RpzValidator.Result result = RpzValidator.validate(rpz);
        assertThat(result.valid()).isFalse();
        assertThat(result.problemCount()).isEqualTo(1);
        assertThat(result.problems().get(0).owner()).isEqualTo(name253);
        assertThat(result.problems().get(0).message()).contains("does not fit");
    }

    @Test
    void aNameThatFitsOnlyWithoutTheZoneIsRefusedInALongerZone() {
        // 230 characters fit under a short origin but not under a long one.
        String name230 = ("c".repeat(60) + ".").repeat(3) + "d".repeat(47);
        PolicySet.Builder b = PolicySet.builder();
        add(b, Trigger.wildcard(name230), PolicyAction.NXDOMAIN);
        PolicySet policies = b.build();
        RpzZone shortZone = new RpzZone(RpzZone.Settings.of(name("r."), null), 1, policies);
        assertThat(shortZone.record(0).getName().toString()).startsWith("*.ccc");
        RpzZone longZone = new RpzZone(RpzZone.Settings.of(name("a-rather-long-policy-zone.kizashi.example."),
                null), 1, policies);
        assertThatThrownBy(() -> longZone.record(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("*." + name230);
        assertThat(RpzValidator.validate(longZone).problemCount()).isEqualTo(1);
        assertThat(RpzValidator.validate(shortZone).valid()).isTrue();
    }

    @Test
    void entriesComeInTheCanonicalOrderOfTheirOwnerNamesAsBindSendsThem() {
        java.util.Random random = new java.util.Random(7);
        PolicySet.Builder b = PolicySet.builder();
        Instant t = Instant.parse("2026-11-23T00:00:00Z");
        for (int i = 0; i < 3000; i++) {
            String label = Integer.toString(random.nextInt(500), 36);
            String parent = List.of("example", "example.com", "a.example", "b-c.example.jp").get(random.nextInt(4));
            Trigger trigger = switch (random.nextInt(4)) {
                case 0 -> Trigger.domain(label + "." + parent);
                case 1 -> Trigger.wildcard(label + "." + parent);
                case 2 -> Trigger.ip(IpPrefix.parse("10." + random.nextInt(256) + "." + random.nextInt(256) + ".0/24"));
                default -> Trigger.clientIp(IpPrefix.parse("2001:db8:" + Integer.toHexString(random.nextInt(65536))
                        + "::/48"));
            };
            b.add(trigger, PolicyAction.NXDOMAIN, "s", "", t, t, null);
        }
        RpzZone zone = new RpzZone(RpzZone.Settings.of(Name.fromConstantString("rpz.kizashi."), null), 1, b.build());
        List<Name> owners = new ArrayList<>();
        zone.forEachRecord(r -> owners.add(r.getName()));
        List<Name> entries = owners.subList(2, owners.size());
        assertThat(entries).hasSize(zone.policies().size()).isSortedAccordingTo(Name::compareTo);
    }
}
