package org.kizashi.active.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.active.rpz.RpzZone;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.active.Trigger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/** A secondary that refuses our NOTIFY is reported with its address and its answer; publishing goes on. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NotifyRefusalTest {
    @Test
    void aRefusedNotifyIsReportedWithThePeerAndTheRcode() throws Exception {
        try (DatagramSocket refusing = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread.ofVirtual().start(() -> {
                try {
                    byte[] buffer = new byte[4096];
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    refusing.receive(packet);
                    Message notify = new Message(java.util.Arrays.copyOf(buffer, packet.getLength()));
                    Message answer = new Message(notify.getHeader().getID());
                    answer.getHeader().setFlag(Flags.QR);
                    answer.getHeader().setOpcode(notify.getHeader().getOpcode());
                    answer.getHeader().setRcode(Rcode.REFUSED);
                    answer.addRecord(notify.getQuestion(), org.xbill.DNS.Section.QUESTION);
                    byte[] wire = answer.toWire();
                    refusing.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ZoneHistory zone = new ZoneHistory(RpzZone.Settings.of(UnboundRpzTest.BLOCKS, null), PolicySet.empty(),
                    Clock.systemUTC());
            try (DnsPrimary primary = new DnsPrimary(new InetSocketAddress("127.0.0.1", 0), TransferAccess.loopback(),
                    List.of(new DnsPrimary.Secondary((InetSocketAddress) refusing.getLocalSocketAddress(), null)),
                    Clock.systemUTC())) {
                primary.serve(zone);
                primary.start();
                PolicySet.Builder one = PolicySet.builder();
                UnboundRpzTest.add(one, Trigger.domain("new.example.test"), PolicyAction.NXDOMAIN);
                assertThat(zone.publish(one.build()).published()).isTrue();
                primary.notifySecondaries(UnboundRpzTest.BLOCKS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (primary.events().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(primary.events()).singleElement().satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(PeerEvent.Kind.NOTIFY_REFUSED);
                    assertThat(e.peer()).isEqualTo("127.0.0.1#" + refusing.getLocalPort());
                    assertThat(e.detail()).contains("REFUSED");
                    assertThat(e.failure()).isTrue();
                });
                assertThat(zone.current().policies().size()).isEqualTo(1);
            }
        }
    }
}
