package org.kizashi.active.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * Sends NOTIFY (RFC 1996) for a new serial to each secondary from a socket of its own and waits for the answer,
 * retrying with growing timeouts as BIND does; a refusal or silence is reported with the peer, never fatal: the
 * secondary still polls at the SOA refresh interval.
 */
final class Notifier implements AutoCloseable {
    private static final int[] TIMEOUTS_MILLIS = {1_000, 2_000, 4_000, 8_000};

    private final List<DnsPrimary.Secondary> secondaries;
    private final TransferAccess access;
    private final Clock clock;
    private final Consumer<PeerEvent> events;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    Notifier(List<DnsPrimary.Secondary> secondaries, TransferAccess access, Clock clock, Consumer<PeerEvent> events) {
        this.secondaries = List.copyOf(secondaries);
        this.access = access;
        this.clock = clock;
        this.events = events;
    }

    void notifyAll(SOARecord soa) {
        for (DnsPrimary.Secondary secondary : secondaries) {
            senders.submit(() -> notifyOne(secondary, soa));
        }
    }

    private void notifyOne(DnsPrimary.Secondary secondary, SOARecord soa) {
        String peer = secondary.address().getAddress().getHostAddress() + "#" + secondary.address().getPort();
        Message notify = new Message();
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        notify.getHeader().setFlag(Flags.AA);
        notify.addRecord(Record.newRecord(soa.getName(), Type.SOA, soa.getDClass()), Section.QUESTION);
        notify.addRecord(soa, Section.ANSWER);
        TSIG key = secondary.keyName() == null ? null : access.key(secondary.keyName()).orElse(null);
        if (key != null) {
            notify.setTSIG(key);
        }
        byte[] wire = notify.toWire(65_535);
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int timeout : TIMEOUTS_MILLIS) {
                socket.send(new DatagramPacket(wire, wire.length, secondary.address()));
                socket.setSoTimeout(timeout);
                byte[] buffer = new byte[4096];
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    while (true) {
                        socket.receive(packet);
                        Message answer = new Message(java.util.Arrays.copyOf(buffer, packet.getLength()));
                        if (answer.getHeader().getID() != notify.getHeader().getID()) {
                            continue; // a late answer to an earlier try
                        }
                        int rcode = answer.getRcode();
                        events.accept(new PeerEvent(clock.instant(), peer, soa.getName().toString(),
                                rcode == Rcode.NOERROR ? PeerEvent.Kind.NOTIFY_ACKNOWLEDGED : PeerEvent.Kind.NOTIFY_REFUSED,
                                soa.getSerial(), rcode == Rcode.NOERROR ? "" : "answered " + Rcode.string(rcode)));
                        return;
                    }
                } catch (SocketTimeoutException e) {
                    // try again with a longer wait
                }
            }
            events.accept(new PeerEvent(clock.instant(), peer, soa.getName().toString(),
                    PeerEvent.Kind.NOTIFY_UNANSWERED, soa.getSerial(), "no answer after " + TIMEOUTS_MILLIS.length
                    + " tries; the secondary will still poll at the SOA refresh interval"));
        } catch (IOException e) {
            events.accept(new PeerEvent(clock.instant(), peer, soa.getName().toString(),
                    PeerEvent.Kind.NOTIFY_UNANSWERED, soa.getSerial(), e.getMessage()));
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
