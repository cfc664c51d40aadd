package org.kizashi.active.dns;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.active.rpz.RpzNames;
import org.kizashi.active.rpz.RpzZone;
import org.kizashi.core.active.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * An authoritative primary for the policy zones: answers SOA and NS queries and the zones' own names over UDP and
 * TCP, serves full (AXFR) and incremental (IXFR) transfers over TCP to allowed clients, signs them when the request
 * is TSIG-signed, and sends NOTIFY to the configured secondaries when a zone changes. Resolvers (Unbound's
 * {@code rpz: primary:}, BIND's {@code type secondary}) pull the zones from it.
 */
public final class DnsPrimary implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsPrimary.class);
    private static final int KEPT_EVENTS = 500;
    private static final int TCP_IDLE_MILLIS = 30_000;
    private static final int RECORDS_PER_MESSAGE = 100; // journal messages: 100 records of at most ~530 bytes fit

    private final InetSocketAddress requested;
    private final TransferAccess access;
    private final Clock clock;
    private final Map<Name, ZoneHistory> zones = new ConcurrentHashMap<>();
    private final Deque<PeerEvent> events = new ArrayDeque<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Notifier notifier;
    private DatagramSocket udp;
    private ServerSocket tcp;
    private volatile boolean running;

    public DnsPrimary(InetSocketAddress address, TransferAccess access, List<Secondary> secondaries, Clock clock) {
        this.requested = address;
        this.access = access;
        this.clock = clock;
        this.notifier = new Notifier(secondaries, access, clock, this::record);
    }

    /** A secondary to NOTIFY, and the key to sign the NOTIFY with (null: unsigned). */
    public record Secondary(InetSocketAddress address, Name keyName) {
    }

    /** Serves {@code zone} (replacing a zone of the same name). */
    public void serve(ZoneHistory zone) {
        zones.put(zone.origin(), zone);
    }

    /** Binds TCP and UDP on the same port (port 0: a free one) and starts answering. */
    public synchronized void start() throws IOException {
        if (running) {
            return;
        }
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            try {
                server.bind(requested, 64);
                int port = server.getLocalPort();
                DatagramSocket datagrams = new DatagramSocket(null);
                datagrams.setReuseAddress(true);
                datagrams.bind(new InetSocketAddress(requested.getAddress(), port));
                tcp = server;
                udp = datagrams;
                break;
            } catch (BindException e) {
                server.close();
                last = new BindException("DNS: cannot listen on " + requested + ": " + e.getMessage());
                if (requested.getPort() != 0) {
                    throw last;
                }
            }
        }
        if (udp == null) {
            throw last;
        }
        running = true;
        Thread.ofPlatform().name("dns-udp").daemon().start(this::serveUdp);
        Thread.ofPlatform().name("dns-tcp").daemon().start(this::acceptTcp);
        LOG.info("DNS primary listening on {} (UDP and TCP) for {}", address(), zones.keySet());
    }

    /** Where it listens (the real port when started with port 0). */
    public InetSocketAddress address() {
        return new InetSocketAddress(udp.getLocalAddress(), udp.getLocalPort());
    }

    /** Sends NOTIFY for the zone to every secondary (after a new version is published). */
    public void notifySecondaries(Name origin) {
        ZoneHistory zone = zones.get(origin);
        if (zone != null && running) {
            notifier.notifyAll(zone.current().soa());
        }
    }

    /** Recent peer events, newest last. */
    public List<PeerEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    private void record(PeerEvent event) {
        if (event.failure()) {
            LOG.warn("DNS {}", event);
        } else {
            LOG.info("DNS {}", event);
        }
        synchronized (events) {
            events.addLast(event);
            while (events.size() > KEPT_EVENTS) {
                events.removeFirst();
            }
        }
    }

    private void event(InetAddress peer, int port, Name zone, PeerEvent.Kind kind, long serial, String detail) {
        record(new PeerEvent(clock.instant(), peer.getHostAddress() + "#" + port, zone == null ? "" : zone.toString(),
                kind, serial, detail));
    }

    // ---- UDP -------------------------------------------------------------------------------------------------

    private void serveUdp() {
        byte[] buffer = new byte[65_535];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (running) {
                    LOG.warn("DNS: UDP receive failed: {}", e.getMessage());
                }
                continue;
            }
            byte[] wire = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            InetAddress peer = packet.getAddress();
            int port = packet.getPort();
            try {
                Message query = new Message(wire);
                if (query.getHeader().getFlag(Flags.QR)) {
                    continue; // a response sent here: NOTIFY answers go to the notifier's own socket
                }
                List<byte[]> replies = answer(query, wire, peer, port, false);
                for (byte[] reply : replies) {
                    udp.send(new DatagramPacket(reply, reply.length, peer, port));
                }
            } catch (IOException e) {
                event(peer, port, null, PeerEvent.Kind.BAD_REQUEST, 0, "unreadable UDP message: " + e.getMessage());
                formErrorOverUdp(wire, peer, port);
            }
        }
    }

    private void formErrorOverUdp(byte[] wire, InetAddress peer, int port) {
        if (wire.length < Header.LENGTH) {
            return;
        }
        try {
            Header header = new Header(java.util.Arrays.copyOf(wire, Header.LENGTH));
            Message error = new Message(header.getID());
            error.getHeader().setFlag(Flags.QR);
            error.getHeader().setRcode(Rcode.FORMERR);
            byte[] out = error.toWire();
            udp.send(new DatagramPacket(out, out.length, peer, port));
        } catch (IOException ignored) {
            // Nothing more to say to a peer that sends garbage.
        }
    }

    // ---- TCP -------------------------------------------------------------------------------------------------

    private void acceptTcp() {
        while (running) {
            try {
                Socket socket = tcp.accept();
                workers.submit(() -> serveConnection(socket));
            } catch (IOException e) {
                if (running) {
                    LOG.warn("DNS: TCP accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serveConnection(Socket socket) {
        InetAddress peer = socket.getInetAddress();
        int port = socket.getPort();
        try (socket) {
            socket.setSoTimeout(TCP_IDLE_MILLIS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65_536);
            while (true) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException | SocketTimeoutException e) {
                    return;
                }
                byte[] wire = in.readNBytes(length);
                if (wire.length < length) {
                    return;
                }
                Message query;
                try {
                    query = new Message(wire);
                } catch (IOException e) {
                    event(peer, port, null, PeerEvent.Kind.BAD_REQUEST, 0, "unreadable TCP message: " + e.getMessage());
                    return;
                }
                for (byte[] reply : answer(query, wire, peer, port, true)) {
                    out.write(reply.length >>> 8);
                    out.write(reply.length);
                    out.write(reply);
                }
                out.flush();
            }
        } catch (SocketException e) {
            LOG.debug("DNS: connection from {} ended: {}", peer, e.getMessage());
        } catch (IOException e) {
            LOG.warn("DNS: connection from {}#{} failed: {}", peer.getHostAddress(), port, e.getMessage());
        }
    }

    // ---- answering ---------------------------------------------------------------------------------------------

    /** The reply messages to one query, in wire form. */
    private List<byte[]> answer(Message query, byte[] wire, InetAddress peer, int port, boolean overTcp) {
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY || question == null) {
            return List.of(error(query, question == null ? Rcode.FORMERR : Rcode.NOTIMP));
        }
        TSIG key = null;
        TSIGRecord queryTsig = query.getTSIG();
        if (queryTsig != null) {
            Optional<TSIG> known = access.key(queryTsig.getName());
            if (known.isEmpty()) {
                event(peer, port, question.getName(), PeerEvent.Kind.TRANSFER_REFUSED, 0,
                        "unknown TSIG key " + queryTsig.getName());
                return List.of(error(query, Rcode.NOTAUTH));
            }
            int verified = known.get().verify(query, wire, null);
            if (verified != Rcode.NOERROR) {
                event(peer, port, question.getName(), PeerEvent.Kind.TRANSFER_REFUSED, 0,
                        "TSIG " + queryTsig.getName() + ": " + Rcode.TSIGstring(verified));
                Message response = reply(query, Rcode.NOTAUTH);
                response.setTSIG(known.get(), verified, queryTsig);
                return List.of(response.toWire());
            }
            key = known.get();
        }
        int type = question.getType();
        Name name = question.getName();
        if (type == Type.AXFR || type == Type.IXFR) {
            return transfer(query, key, peer, port, overTcp);
        }
        ZoneHistory zone = zoneContaining(name);
        if (zone == null) {
            return List.of(signed(reply(query, Rcode.REFUSED), key, queryTsig));
        }
        return List.of(signed(lookup(query, zone.current()), key, queryTsig));
    }

    private ZoneHistory zoneContaining(Name name) {
        for (Name candidate = name; candidate.labels() > 0; candidate = new Name(candidate, 1)) {
            ZoneHistory zone = zones.get(candidate);
            if (zone != null) {
                return zone;
            }
            if (candidate.labels() == 1) {
                break;
            }
        }
        return null;
    }

    /** An authoritative answer from the zone: the apex's SOA and NS, a policy's record, or NXDOMAIN. */
    private Message lookup(Message query, RpzZone zone) {
        Record question = query.getQuestion();
        Name name = question.getName();
        Message response = reply(query, Rcode.NOERROR);
        response.getHeader().setFlag(Flags.AA);
        List<Record> found = new ArrayList<>();
        for (Record fixed : zone.fixedRecords()) {
            if (fixed.getName().equals(name)) {
                found.add(fixed);
            }
        }
        Trigger trigger = found.isEmpty() ? RpzNames.triggerOf(name, zone.origin()) : null;
        if (trigger != null) {
            int id = zone.policies().find(trigger);
            if (id != PolicySet.NO_MATCH) {
                found.add(zone.record(id).withName(name)); // the name asked, which may spell an address otherwise
            }
        }
        if (found.isEmpty()) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            response.addRecord(zone.soa(), Section.AUTHORITY);
            return response;
        }
        boolean any = false;
        for (Record record : found) {
            if (question.getType() == Type.ANY || record.getType() == question.getType()
                    || record.getType() == Type.CNAME) {
                response.addRecord(record, Section.ANSWER);
                any = true;
            }
        }
        if (!any) {
            response.addRecord(zone.soa(), Section.AUTHORITY); // NODATA
        }
        return response;
    }

    private List<byte[]> transfer(Message query, TSIG key, InetAddress peer, int port, boolean overTcp) {
        Record question = query.getQuestion();
        Name origin = question.getName();
        ZoneHistory zone = zones.get(origin);
        TSIGRecord queryTsig = query.getTSIG();
        if (zone == null) {
            event(peer, port, origin, PeerEvent.Kind.TRANSFER_REFUSED, 0, "no such zone here");
            return List.of(signed(reply(query, Rcode.NOTAUTH), key, queryTsig));
        }
        String refusal = access.refusal(peer, key != null);
        if (refusal != null) {
            event(peer, port, origin, PeerEvent.Kind.TRANSFER_REFUSED, 0, refusal);
            return List.of(signed(reply(query, Rcode.REFUSED), key, queryTsig));
        }
        RpzZone current = zone.current();
        if (question.getType() == Type.IXFR) {
            long clientSerial = clientSerial(query);
            if (clientSerial < 0) {
                event(peer, port, origin, PeerEvent.Kind.BAD_REQUEST, 0, "IXFR without the client's SOA");
                return List.of(signed(reply(query, Rcode.FORMERR), key, queryTsig));
            }
            Optional<List<ZoneHistory.Delta>> deltas = zone.deltasSince(clientSerial);
            if (!overTcp || (deltas.isPresent() && deltas.get().isEmpty())) {
                // Up to date, or over UDP: the current SOA alone tells the client to come back over TCP.
                Message response = reply(query, Rcode.NOERROR);
                response.getHeader().setFlag(Flags.AA);
                response.addRecord(current.soa(), Section.ANSWER);
                return List.of(signed(response, key, queryTsig));
            }
            if (deltas.isPresent()) {
                List<byte[]> messages = incremental(query, current.soa(), deltas.get(), key);
                event(peer, port, origin, PeerEvent.Kind.IXFR_SERVED, current.serial(),
                        "from serial " + clientSerial + ", " + deltas.get().size() + " version(s)");
                return messages;
            }
        } else if (!overTcp) {
            return List.of(signed(reply(query, Rcode.FORMERR), key, queryTsig));
        }
        TransferMessages full = zone.currentMessages();
        List<byte[]> messages = new ArrayList<>(full.messages().size());
        TSIGRecord previous = queryTsig;
        for (int i = 0; i < full.messages().size(); i++) {
            byte[] message = full.forRequest(i, query.getHeader().getID(), question.getType());
            if (key != null) {
                TSIGRecord signature = key.generate(new Message(query.getHeader().getID()), message, Rcode.NOERROR,
                        previous, i == 0);
                message = appendTsig(message, signature);
                previous = signature;
            }
            messages.add(message);
        }
        event(peer, port, origin, PeerEvent.Kind.AXFR_SERVED, current.serial(),
                full.records() + " records" + (question.getType() == Type.IXFR ? " (IXFR answered in full)" : ""));
        return messages;
    }

    private static long clientSerial(Message query) {
        for (Record record : query.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord soa) {
                return soa.getSerial();
            }
        }
        return -1;
    }

    /** RFC 1995 incremental answer: new SOA, then per version old SOA, removed, new SOA, added; new SOA last. */
    private List<byte[]> incremental(Message query, SOARecord currentSoa, List<ZoneHistory.Delta> deltas, TSIG key) {
        List<Record> records = new ArrayList<>();
        records.add(currentSoa);
        for (ZoneHistory.Delta delta : deltas) {
            records.add(soaWithSerial(currentSoa, delta.fromSerial()));
            records.addAll(delta.removed());
            records.add(soaWithSerial(currentSoa, delta.toSerial()));
            records.addAll(delta.added());
        }
        records.add(currentSoa);
        List<byte[]> messages = new ArrayList<>();
        TSIGRecord previous = query.getTSIG();
        for (int from = 0; from < records.size(); from += RECORDS_PER_MESSAGE) {
            Message message = reply(query, Rcode.NOERROR);
            message.getHeader().setFlag(Flags.AA);
            for (Record record : records.subList(from, Math.min(records.size(), from + RECORDS_PER_MESSAGE))) {
                message.addRecord(record, Section.ANSWER);
            }
            if (key != null) {
                key.apply(message, previous, from == 0);
                previous = message.getTSIG();
            }
            messages.add(message.toWire());
        }
        return messages;
    }

    private static SOARecord soaWithSerial(SOARecord soa, long serial) {
        return new SOARecord(soa.getName(), soa.getDClass(), soa.getTTL(), soa.getHost(), soa.getAdmin(), serial,
                soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
    }

    private static byte[] appendTsig(byte[] message, TSIGRecord signature) {
        byte[] tsig = signature.toWire(Section.ADDITIONAL);
        byte[] out = java.util.Arrays.copyOf(message, message.length + tsig.length);
        System.arraycopy(tsig, 0, out, message.length, tsig.length);
        int additional = ((out[10] & 0xff) << 8 | (out[11] & 0xff)) + 1;
        out[10] = (byte) (additional >>> 8);
        out[11] = (byte) additional;
        return out;
    }

    private static Message reply(Message query, int rcode) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.getHeader().setRcode(rcode);
        if (query.getQuestion() != null) {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return response;
    }

    private static byte[] error(Message query, int rcode) {
        return reply(query, rcode).toWire();
    }

    private static byte[] signed(Message response, TSIG key, TSIGRecord queryTsig) {
        if (key != null) {
            response.setTSIG(key, Rcode.NOERROR, queryTsig);
        }
        return response.toWire(65_535);
    }

    @Override
    public void close() {
        running = false;
        notifier.close();
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        workers.shutdownNow();
    }
}
