package org.kizashi.active.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.active.rpz.RpzZone;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.active.Trigger;
import org.kizashi.core.net.IpPrefix;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Unbound 1.17 (Debian 12) pulls the policy zones from our primary ({@code rpz: primary:}) and enforces them: a
 * blocked name gets its action, the warning host resolves, an opted-out client passes, and an entry added later is
 * enforced within seconds through NOTIFY and IXFR.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class UnboundRpzTest {
    static final Name BLOCKS = Name.fromConstantString("rpz.kizashi.");
    static final Name OPT_OUTS = Name.fromConstantString("optout.rpz.kizashi.");
    static final Name WARNING_HOST = Name.fromConstantString("warning.example.test.");
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    DnsPrimary primary;
    ZoneHistory blocks;
    ZoneHistory optOuts;
    ResolverProcess unbound;

    @BeforeEach
    void start() throws Exception {
        int port = ResolverProcess.freePort();
        blocks = new ZoneHistory(RpzZone.Settings.of(BLOCKS, WARNING_HOST), blockList(), Clock.systemUTC());
        optOuts = new ZoneHistory(RpzZone.Settings.of(OPT_OUTS, null), optOutList(), Clock.systemUTC());
        primary = new DnsPrimary(new InetSocketAddress("127.0.0.1", 0), TransferAccess.loopback(),
                List.of(new DnsPrimary.Secondary(new InetSocketAddress("127.0.0.1", port), null)), Clock.systemUTC());
        primary.serve(blocks);
        primary.serve(optOuts);
        primary.start();
        int primaryPort = primary.address().getPort();
        unbound = ResolverProcess.unbound(dir, port, primaryPort, List.of(OPT_OUTS.toString(), BLOCKS.toString()));
        awaitRcode("evil.example.test.", "127.0.0.1", Rcode.NXDOMAIN); // both zones loaded
        awaitRcode("evil.example.test.", "127.0.0.2", Rcode.NOERROR);
    }

    @AfterEach
    void stop() throws Exception {
        if (unbound != null) {
            unbound.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    static PolicySet blockList() {
        PolicySet.Builder b = PolicySet.builder();
        add(b, Trigger.domain("evil.example.test"), PolicyAction.NXDOMAIN);
        add(b, Trigger.wildcard("evil.example.test"), PolicyAction.NXDOMAIN);
        add(b, Trigger.domain("phish.example.test"), PolicyAction.WALLED_GARDEN);
        add(b, Trigger.ip(IpPrefix.parse("192.0.2.66/32")), PolicyAction.NXDOMAIN);
        add(b, Trigger.domain("nodata.example.test"), PolicyAction.NODATA);
        add(b, Trigger.domain("drop.example.test"), PolicyAction.DROP);
        return b.build();
    }

    static PolicySet optOutList() {
        PolicySet.Builder b = PolicySet.builder();
        add(b, Trigger.clientIp(IpPrefix.parse("127.0.0.2/32")), PolicyAction.PASSTHRU);
        return b.build();
    }

    static void add(PolicySet.Builder b, Trigger trigger, PolicyAction action) {
        b.add(trigger, action, "test", "C&C in a test", NOW, NOW, null);
    }

    Message awaitRcode(String name, String from, int rcode) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Message last = null;
        while (System.nanoTime() < deadline) {
            last = unbound.query(name, Type.A, from);
            if (last.getRcode() == rcode) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " from " + from + ": expected " + Rcode.string(rcode) + ", last answer:\n"
                + last + "\nunbound log:\n" + unbound.logText());
    }

    @Test
    void blockedNamesGetTheirActionAndOthersResolve() throws Exception {
        assertThat(unbound.query("evil.example.test.", Type.A, "127.0.0.1").getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(unbound.query("www.evil.example.test.", Type.A, "127.0.0.1").getRcode()).isEqualTo(Rcode.NXDOMAIN);
        Message fine = unbound.query("fine.example.test.", Type.A, "127.0.0.1");
        assertThat(fine.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(fine.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("192.0.2.12");
        assertThat(unbound.query("bad-address.example.test.", Type.A, "127.0.0.1").getRcode())
                .as("rpz-ip: a name whose answer is a listed address").isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void nodataAnswersNothingAndDropLeavesTheClientWithoutAnAnswer() throws Exception {
        Message nodata = unbound.query("nodata.example.test.", Type.A, "127.0.0.1");
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
        assertThatThrownBy(() -> unbound.query("drop.example.test.", Type.A, "127.0.0.1"))
                .isInstanceOf(java.io.IOException.class);
        Message passed = unbound.query("drop.example.test.", Type.A, "127.0.0.2");
        assertThat(passed.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("192.0.2.16");
    }

    @Test
    void walledGardenSendsTheClientToTheWarningHostWhichResolves() throws Exception {
        Message answer = unbound.query("phish.example.test.", Type.A, "127.0.0.1");
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).anySatisfy(r -> assertThat(r.getType()).isEqualTo(Type.CNAME));
        assertThat(answer.getSection(Section.ANSWER)).filteredOn(r -> r instanceof ARecord)
                .extracting(Record::rdataToString).containsExactly("127.0.0.80");
    }

    @Test
    void anOptedOutClientPasses() throws Exception {
        Message answer = unbound.query("evil.example.test.", Type.A, "127.0.0.2");
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("192.0.2.10");
    }

    @Test
    void anEntryAddedLaterIsEnforcedWithinSecondsThroughNotifyAndIxfr() throws Exception {
        assertThat(unbound.query("later.example.test.", Type.A, "127.0.0.1").getRcode()).isEqualTo(Rcode.NOERROR);
        PolicySet.Builder more = PolicySet.builder();
        PolicySet current = blocks.current().policies();
        for (int id = 0; id < current.size(); id++) {
            more.add(current.entry(id));
        }
        add(more, Trigger.domain("later.example.test"), PolicyAction.NXDOMAIN);
        ZoneHistory.Publication publication = blocks.publish(more.build());
        assertThat(publication.published()).isTrue();
        long started = System.nanoTime();
        primary.notifySecondaries(BLOCKS);
        awaitRcode("later.example.test.", "127.0.0.1", Rcode.NXDOMAIN);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
        assertThat(primary.events()).anySatisfy(e -> assertThat(e.kind()).isEqualTo(PeerEvent.Kind.NOTIFY_ACKNOWLEDGED));
        assertThat(primary.events()).anySatisfy(e -> assertThat(e.kind()).isEqualTo(PeerEvent.Kind.IXFR_SERVED));
    }
}
