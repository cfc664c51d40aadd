package org.kizashi.active.rpz;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.active.Trigger;
import org.kizashi.core.net.IpPrefix;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;

class RpzValidatorTest {
    static final Name ORIGIN = Name.fromConstantString("rpz.kizashi.");
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    static Name name(String text) {
        return Name.fromConstantString(text);
    }

    static Record soa() {
        return new SOARecord(ORIGIN, DClass.IN, 60, name("localhost."), name("hostmaster.localhost."), 1, 300, 60,
                604_800, 60);
    }

    static Record ns() {
        return new NSRecord(ORIGIN, DClass.IN, 60, name("localhost."));
    }

    static Record cname(String owner, String target) {
        return new CNAMERecord(name(owner), DClass.IN, 60, name(target));
    }

    static Record a(String owner, String address) throws Exception {
        return new ARecord(name(owner), DClass.IN, 60, InetAddress.getByName(address));
    }

    /** The result of checking SOA, NS and then the given records. */
    static RpzValidator.Result zone(Record... records) {
        RpzValidator validator = new RpzValidator(ORIGIN);
        validator.check(soa());
        validator.check(ns());
        for (Record r : records) {
            validator.check(r);
        }
        return validator.result();
    }

    static RpzValidator.Problem onlyProblem(RpzValidator.Result result) {
        assertThat(result.problems()).hasSize(1);
        assertThat(result.problemCount()).isEqualTo(1);
        assertThat(result.valid()).isFalse();
        return result.problems().get(0);
    }

    @Test
    void aValidZoneHasNoProblems() throws Exception {
        RpzValidator.Result result = zone(
                cname("evil.example.rpz.kizashi.", "."),
                cname("*.evil.example.rpz.kizashi.", "."),
                cname("nodata.example.rpz.kizashi.", "*."),
                cname("drop.example.rpz.kizashi.", "rpz-drop."),
                cname("allowed.example.rpz.kizashi.", "rpz-passthru."),
                cname("tcp.example.rpz.kizashi.", "rpz-tcp-only."),
                cname("phish.example.rpz.kizashi.", "warning.isp.example."),
                cname("xn--r8jz45g.jp.rpz.kizashi.", "."),
                cname("_c2.example.rpz.kizashi.", "."),
                cname("24.0.2.0.192.rpz-ip.rpz.kizashi.", "."),
                cname("32.zz.db8.2001.rpz-ip.rpz.kizashi.", "rpz-drop."),
                cname("24.0.2.0.192.rpz-client-ip.rpz.kizashi.", "rpz-passthru."),
                cname("32.1.2.0.192.rpz-nsip.rpz.kizashi.", "."),
                cname("ns.evil.example.rpz-nsdname.rpz.kizashi.", "."),
                // Local data instead of a CNAME: allowed, as long as the owner has no CNAME too.
                a("local.example.rpz.kizashi.", "192.0.2.80"),
                a("local.example.rpz.kizashi.", "192.0.2.81"),
                new TXTRecord(name("local.example.rpz.kizashi."), DClass.IN, 60, "why"));
        assertThat(result.problems()).isEmpty();
        assertThat(result.problemCount()).isZero();
        assertThat(result.valid()).isTrue();
        assertThat(result.records()).isEqualTo(19);
    }

    @Test
    void aZoneMadeFromAPolicySetIsValid() {
        PolicySet.Builder b = PolicySet.builder();
        b.add(Trigger.domain("evil.example"), PolicyAction.NXDOMAIN, "s", "", T0, T0, null);
        b.add(Trigger.wildcard("evil.example"), PolicyAction.NODATA, "s", "", T0, T0, null);
        b.add(Trigger.domain("例え.jp"), PolicyAction.WALLED_GARDEN, "s", "", T0, T0, null);
        b.add(Trigger.ip(IpPrefix.parse("192.0.2.0/24")), PolicyAction.DROP, "s", "", T0, T0, null);
        b.add(Trigger.ip(IpPrefix.parse("2001:db8::1/128")), PolicyAction.DROP, "s", "", T0, T0, null);
        b.add(Trigger.clientIp(IpPrefix.parse("192.0.2.0/24")), PolicyAction.PASSTHRU, "s", "", T0, T0, null);
        b.add(Trigger.clientIp(IpPrefix.parse("2001:db8:1::/48")), PolicyAction.PASSTHRU, "s", "", T0, T0, null);
        RpzZone rpz = new RpzZone(RpzZone.Settings.of(ORIGIN, name("warning.isp.example.")), 7, b.build());
        RpzValidator.Result result = RpzValidator.validate(rpz);
        assertThat(result.problems()).isEmpty();
        assertThat(result.valid()).isTrue();
        assertThat(result.records()).isEqualTo(rpz.recordCount()).isEqualTo(9);
    }

    @Test
    void reportsAnOwnerOutsideTheZone() {
        RpzValidator.Problem problem = onlyProblem(zone(cname("evil.example.", ".")));
        assertThat(problem.owner()).isEqualTo("evil.example.");
        assertThat(problem.message()).contains("outside the zone rpz.kizashi.");
        assertThat(problem.toString()).startsWith("evil.example.: ");
        RpzValidator.Problem sibling = onlyProblem(zone(cname("evil.example.kizashi.", ".")));
        assertThat(sibling.owner()).isEqualTo("evil.example.kizashi.");
    }

    @Test
    void reportsRecordsAtTheApexOtherThanSoaAndNs() throws Exception {
        RpzValidator.Problem address = onlyProblem(zone(a("rpz.kizashi.", "192.0.2.1")));
        assertThat(address.owner()).isEqualTo("rpz.kizashi.");
        assertThat(address.message()).contains("A record at the zone apex");
        RpzValidator.Problem alias = onlyProblem(zone(cname("rpz.kizashi.", ".")));
        assertThat(alias.message()).contains("CNAME record at the zone apex");
    }

    @Test
    void reportsAWildcardThatIsNotTheFirstLabel() {
        RpzValidator.Problem problem = onlyProblem(zone(cname("a.*.evil.example.rpz.kizashi.", ".")));
        assertThat(problem.owner()).isEqualTo("a.*.evil.example.rpz.kizashi.");
        assertThat(problem.message()).contains("'*' may only be the first label");
        RpzValidator.Problem last = onlyProblem(zone(cname("evil.*.rpz.kizashi.", ".")));
        assertThat(last.owner()).isEqualTo("evil.*.rpz.kizashi.");
    }

    @Test
    void reportsUnknownRpzLabels() {
        RpzValidator.Problem problem = onlyProblem(zone(cname("32.1.2.0.192.rpz-ipp.rpz.kizashi.", ".")));
        assertThat(problem.owner()).isEqualTo("32.1.2.0.192.rpz-ipp.rpz.kizashi.");
        assertThat(problem.message()).contains("'rpz-ipp' is not an RPZ label");
        RpzValidator.Problem client = onlyProblem(zone(cname("32.1.2.0.192.rpz-clientip.rpz.kizashi.", ".")));
        assertThat(client.message()).contains("'rpz-clientip'");
    }

    @Test
    void reportsCnameTargetsThatLookLikeActionsButAreNot() {
        RpzValidator.Problem problem = onlyProblem(zone(cname("evil.example.rpz.kizashi.", "rpz-pasthru.")));
        assertThat(problem.owner()).isEqualTo("evil.example.rpz.kizashi.");
        assertThat(problem.message()).contains("rpz-pasthru.").contains("not an RPZ action");
        assertThat(onlyProblem(zone(cname("evil.example.rpz.kizashi.", "RPZ-DORP."))).message())
                .contains("not an RPZ action");
        // A real host whose first label starts with "rpz-" is a walled garden, not a typo.
        assertThat(zone(cname("evil.example.rpz.kizashi.", "rpz-warning.isp.example.")).valid()).isTrue();
        // The actions are recognised in any case.
        assertThat(zone(cname("evil.example.rpz.kizashi.", "RPZ-PASSTHRU.")).valid()).isTrue();
    }

    @Test
    void reportsBadPrefixLengths() {
        RpzValidator.Problem v4 = onlyProblem(zone(cname("33.1.2.0.192.rpz-ip.rpz.kizashi.", ".")));
        assertThat(v4.owner()).isEqualTo("33.1.2.0.192.rpz-ip.rpz.kizashi.");
        assertThat(v4.message()).contains("IPv4 prefix length 33");
        RpzValidator.Problem v6 = onlyProblem(zone(cname("129.1.zz.db8.2001.rpz-client-ip.rpz.kizashi.", ".")));
        assertThat(v6.owner()).isEqualTo("129.1.zz.db8.2001.rpz-client-ip.rpz.kizashi.");
        assertThat(v6.message()).contains("IPv6 prefix length 129");
        RpzValidator.Problem zero = onlyProblem(zone(cname("0.0.0.0.0.rpz-ip.rpz.kizashi.", ".")));
        assertThat(zero.message()).contains("prefix length 0");
    }

    @Test
    void reportsHostBitsSetBeyondThePrefix() {
        RpzValidator.Problem v4 = onlyProblem(zone(cname("24.1.2.0.192.rpz-ip.rpz.kizashi.", ".")));
        assertThat(v4.owner()).isEqualTo("24.1.2.0.192.rpz-ip.rpz.kizashi.");
        assertThat(v4.message()).contains("192.0.2.0/24");
        RpzValidator.Problem v6 = onlyProblem(zone(cname("32.1.zz.db8.2001.rpz-nsip.rpz.kizashi.", ".")));
        assertThat(v6.message()).contains("2001:db8::/32");
    }

    @Test
    void reportsMalformedAddressLabels() {
        assertThat(onlyProblem(zone(cname("32.256.2.0.192.rpz-ip.rpz.kizashi.", "."))).message())
                .contains("'256' is not an IPv4 octet");
        assertThat(onlyProblem(zone(cname("128.1.zz.1.zz.rpz-ip.rpz.kizashi.", "."))).message())
                .contains("more than one 'zz'");
        assertThat(onlyProblem(zone(cname("128.1.0.db8.2001.rpz-ip.rpz.kizashi.", "."))).message())
                .contains("needs 8 groups");
        assertThat(onlyProblem(zone(cname("rpz-ip.rpz.kizashi.", "."))).owner()).isEqualTo("rpz-ip.rpz.kizashi.");
    }

    @Test
    void reportsNamesNoResolverCouldAskFor() {
        RpzValidator.Problem problem = onlyProblem(zone(cname("bad\\032name.example.rpz.kizashi.", ".")));
        assertThat(problem.message()).contains("which a host name cannot");
    }

    @Test
    void reportsTheSameTriggerTwice() {
        RpzValidator.Problem problem = onlyProblem(zone(
                cname("evil.example.rpz.kizashi.", "."),
                cname("EVIL.Example.rpz.kizashi.", "rpz-drop.")));
        assertThat(problem.owner()).isEqualToIgnoringCase("evil.example.rpz.kizashi.");
        assertThat(problem.message()).contains("listed twice").contains("evil.example");
    }

    @Test
    void reportsTheSameIpv6PrefixWrittenTwoWays() {
        RpzValidator.Problem problem = onlyProblem(zone(
                cname("32.zz.db8.2001.rpz-ip.rpz.kizashi.", "."),
                cname("32.0.0.0.0.0.0.db8.2001.rpz-ip.rpz.kizashi.", ".")));
        assertThat(problem.owner()).isEqualTo("32.0.0.0.0.0.0.db8.2001.rpz-ip.rpz.kizashi.");
        assertThat(problem.message()).contains("listed twice").contains("2001:db8::/32");
    }

    @Test
    void theSameAddressOrNameUnderDifferentKindsIsNoDuplicate() {
        RpzValidator.Result result = zone(
                cname("24.0.2.0.192.rpz-ip.rpz.kizashi.", "."),
                cname("24.0.2.0.192.rpz-client-ip.rpz.kizashi.", "rpz-passthru."),
                cname("24.0.2.0.192.rpz-nsip.rpz.kizashi.", "."),
                cname("evil.example.rpz.kizashi.", "."),
                cname("*.evil.example.rpz.kizashi.", "."),
                cname("evil.example.rpz-nsdname.rpz.kizashi.", "."));
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void reportsACnameBesideOtherData() throws Exception {
        RpzValidator.Problem cnameSecond = onlyProblem(zone(
                a("evil.example.rpz.kizashi.", "192.0.2.1"),
                cname("evil.example.rpz.kizashi.", ".")));
        assertThat(cnameSecond.owner()).isEqualTo("evil.example.rpz.kizashi.");
        assertThat(cnameSecond.message()).contains("CNAME beside other data");
        RpzValidator.Problem dataSecond = onlyProblem(zone(
                cname("32.1.2.0.192.rpz-ip.rpz.kizashi.", "."),
                new AAAARecord(name("32.1.2.0.192.rpz-ip.rpz.kizashi."), DClass.IN, 60,
                        InetAddress.getByName("2001:db8::1"))));
        assertThat(dataSecond.owner()).isEqualTo("32.1.2.0.192.rpz-ip.rpz.kizashi.");
        assertThat(dataSecond.message()).contains("other data beside a CNAME");
    }

    @Test
    void reportsAMissingSoa() {
        RpzValidator validator = new RpzValidator(ORIGIN);
        validator.check(ns());
        validator.check(cname("evil.example.rpz.kizashi.", "."));
        RpzValidator.Problem problem = onlyProblem(validator.result());
        assertThat(problem.owner()).isEqualTo("rpz.kizashi.");
        assertThat(problem.message()).contains("no SOA record");
    }

    @Test
    void reportsTwoSoas() {
        RpzValidator validator = new RpzValidator(ORIGIN);
        validator.check(soa());
        validator.check(soa());
        validator.check(ns());
        RpzValidator.Result result = validator.result();
        RpzValidator.Problem problem = onlyProblem(result);
        assertThat(problem.owner()).isEqualTo("rpz.kizashi.");
        assertThat(problem.message()).contains("2 SOA records");
        assertThat(result.records()).isEqualTo(3);
    }

    @Test
    void keepsTheFirstThousandProblemsAndCountsThemAll() {
        RpzValidator validator = new RpzValidator(ORIGIN);
        validator.check(soa());
        for (int i = 0; i < 2500; i++) {
            validator.check(cname("n" + i + ".outside.example.", "."));
        }
        RpzValidator.Result result = validator.result();
        assertThat(result.records()).isEqualTo(2501);
        assertThat(result.problemCount()).isEqualTo(2500);
        assertThat(result.problems()).hasSize(1000);
        assertThat(result.problems().get(0).owner()).isEqualTo("n0.outside.example.");
        assertThat(result.problems().get(999).owner()).isEqualTo("n999.outside.example.");
        assertThat(result.valid()).isFalse();
    }

    @Test
    void findsDuplicatesAmongManyRecords() {
        // More triggers than the duplicate set's first table, so that it grows while keeping what it holds.
        RpzValidator validator = new RpzValidator(ORIGIN);
        validator.check(soa());
        for (int i = 0; i < 5000; i++) {
            validator.check(cname("n" + i + ".example.rpz.kizashi.", "."));
        }
        for (int i = 0; i < 5000; i += 100) {
            validator.check(cname("n" + i + ".example.rpz.kizashi.", "rpz-drop."));
        }
        RpzValidator.Result result = validator.result();
        assertThat(result.problemCount()).isEqualTo(50);
        assertThat(result.problems()).allMatch(p -> p.message().contains("listed twice"));
        List<String> owners = result.problems().stream().map(RpzValidator.Problem::owner).toList();
        assertThat(owners).contains("n0.example.rpz.kizashi.", "n4900.example.rpz.kizashi.");
    }
}
