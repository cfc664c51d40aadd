package org.kizashi.active.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * BIND 9.18 (Debian 12) takes the policy zones as a secondary ({@code response-policy}), over TSIG-signed transfers,
 * and enforces them; unsigned transfers are refused when a key is required.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BindRpzTest {
    static final Name KEY_NAME = Name.fromConstantString("kizashi-transfer.");
    static final byte[] SECRET = "kizashi-test-secret-32-bytes-xx!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    DnsPrimary primary;
    ZoneHistory blocks;
    ResolverProcess named;
    TSIG key;

    @BeforeEach
    void start() throws Exception {
        Path binary = ResolverProcess.binary("/usr/sbin/named", "bind9");
        int port = ResolverProcess.freePort();
        key = new TSIG(TSIG.HMAC_SHA256, KEY_NAME, SECRET);
        TransferAccess access = new TransferAccess(List.of(IpPrefix.parse("127.0.0.0/8")), Map.of(KEY_NAME, key),
                true);
        blocks = new ZoneHistory(RpzZone.Settings.of(UnboundRpzTest.BLOCKS, UnboundRpzTest.WARNING_HOST),
                UnboundRpzTest.blockList(), Clock.systemUTC());
        ZoneHistory optOuts = new ZoneHistory(RpzZone.Settings.of(UnboundRpzTest.OPT_OUTS, null),
                UnboundRpzTest.optOutList(), Clock.systemUTC());
        primary = new DnsPrimary(new InetSocketAddress("127.0.0.1", 0), access,
                List.of(new DnsPrimary.Secondary(new InetSocketAddress("127.0.0.1", port), KEY_NAME)),
                Clock.systemUTC());
        primary.serve(blocks);
        primary.serve(optOuts);
        primary.start();
        int primaryPort = primary.address().getPort();
        ResolverProcess.writeExampleZone(dir);
        Path conf = dir.resolve("named.conf");
        Files.writeString(conf, """
                key "kizashi-transfer" { algorithm hmac-sha256; secret "%5$s"; };
                options {
                  directory "%2$s";
                  pid-file "%2$s/named.pid";
                  listen-on port %1$d { 127.0.0.1; };
                  listen-on-v6 { none; };
                  recursion yes;
                  allow-query { 127.0.0.0/8; };
                  allow-recursion { 127.0.0.0/8; };
                  dnssec-validation no;
                  notify no;
                  servfail-ttl 0;
                  response-policy { zone "%3$s"; zone "%4$s"; } qname-wait-recurse no min-update-interval 1;
                };
                zone "%3$s" { type secondary; primaries port %6$d { 127.0.0.1 key "kizashi-transfer"; };
                  file "optout.db"; };
                zone "%4$s" { type secondary; primaries port %6$d { 127.0.0.1 key "kizashi-transfer"; };
                  file "rpz.db"; };
                zone "example.test" { type primary; file "example.test.zone"; };
                """.formatted(port, dir, UnboundRpzTest.OPT_OUTS.toString(true), UnboundRpzTest.BLOCKS.toString(true),
                Base64.getEncoder().encodeToString(SECRET), primaryPort));
        named = ResolverProcess.start(List.of(binary.toString(), "-g", "-c", conf.toString()), port,
                dir.resolve("named.log"));
        awaitRcode("evil.example.test.", "127.0.0.1", Rcode.NXDOMAIN); // both zones loaded
        awaitRcode("evil.example.test.", "127.0.0.2", Rcode.NOERROR);
    }

    @AfterEach
    void stop() throws Exception {
        if (named != null) {
            named.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    Message awaitRcode(String name, String from, int rcode) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Message last = null;
        while (System.nanoTime() < deadline) {
            last = named.query(name, Type.A, from);
            if (last.getRcode() == rcode) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " from " + from + ": expected " + Rcode.string(rcode) + ", last answer:\n"
                + last + "\nnamed log:\n" + named.logText() + "\nprimary events: " + primary.events());
    }

    @Test
    void bindEnforcesEveryActionAndLetsTheOptedOutClientPass() throws Exception {
        assertThat(named.query("www.evil.example.test.", Type.A, "127.0.0.1").getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(named.query("bad-address.example.test.", Type.A, "127.0.0.1").getRcode()).isEqualTo(Rcode.NXDOMAIN);
        Message fine = named.query("fine.example.test.", Type.A, "127.0.0.1");
        assertThat(fine.getSection(Section.ANSWER)).as(fine.toString()).extracting(Record::rdataToString).containsExactly("192.0.2.12");
        Message phish = named.query("phish.example.test.", Type.A, "127.0.0.1");
        assertThat(phish.getSection(Section.ANSWER)).extracting(Record::rdataToString)
                .contains("warning.example.test.", "127.0.0.80");
        Message optedOut = named.query("evil.example.test.", Type.A, "127.0.0.2");
        assertThat(optedOut.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("192.0.2.10");
        assertThat(primary.events()).allSatisfy(e -> assertThat(e.failure()).as(e.toString()).isFalse());
    }

    @Test
    void anEntryAddedLaterReachesBindThroughNotifyAndASignedIxfr() throws Exception {
        PolicySet.Builder more = PolicySet.builder();
        PolicySet current = blocks.current().policies();
        for (int id = 0; id < current.size(); id++) {
            more.add(current.entry(id));
        }
        UnboundRpzTest.add(more, Trigger.domain("later.example.test"), PolicyAction.NXDOMAIN);
        assertThat(blocks.publish(more.build()).published()).isTrue();
        primary.notifySecondaries(UnboundRpzTest.BLOCKS);
        awaitRcode("later.example.test.", "127.0.0.1", Rcode.NXDOMAIN);
        assertThat(primary.events()).anySatisfy(e -> assertThat(e.kind()).isEqualTo(PeerEvent.Kind.IXFR_SERVED));
    }

    @Test
    void anUnsignedTransferIsRefusedAndASignedOneVerifies() throws Exception {
        ZoneTransferIn unsigned = ZoneTransferIn.newAXFR(UnboundRpzTest.BLOCKS, primary.address(), null);
        assertThatThrownBy(unsigned::run).isInstanceOf(ZoneTransferException.class).hasMessageContaining("REFUSED");
        assertThat(primary.events()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(PeerEvent.Kind.TRANSFER_REFUSED);
            assertThat(e.detail()).contains("TSIG");
        });
        ZoneTransferIn signed = ZoneTransferIn.newAXFR(UnboundRpzTest.BLOCKS, primary.address(), key);
        signed.run();
        assertThat(signed.getAXFR()).hasSize(blocks.current().recordCount() + 1);
        TSIG wrongKey = new TSIG(TSIG.HMAC_SHA256, KEY_NAME, "another-secret-of-32-bytes-long!".getBytes());
        ZoneTransferIn forged = ZoneTransferIn.newAXFR(UnboundRpzTest.BLOCKS, primary.address(), wrongKey);
        assertThatThrownBy(forged::run).isInstanceOf(ZoneTransferException.class);
    }
}
