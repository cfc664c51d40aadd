package org.kizashi.server.telescope;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;
import org.kizashi.core.telescope.Protocols;

/**
 * The live view's feed: batches of sampled packets, each with the true number of packets of the stretch of time it
 * covers, kept in a short ring for clients that connect, and handed to waiting clients (the server-sent events of
 * {@code /api/v1/telescope/live}) as they are published. Thread-safe.
 *
 * <p>Samples show what the traffic is made of; {@code packets} says how much there was. A client counts packets from
 * {@code packets}, never from the number of samples it draws.
 */
public final class LiveFeed implements AutoCloseable {
    /** Samples in one batch at most; a longer list is split into several batches. */
    public static final int MAX_SAMPLES_PER_BATCH = 250;
    /** Batches kept for clients that connect. */
    static final int RING = 240;
    /** TCP ports of IoT devices that Mirai and its descendants go for (the ones the yearly summary also counts). */
    public static final Set<Integer> IOT_TCP_PORTS = Set.of(23, 2323, 37215, 52869);

    /**
     * One sampled packet for the map.
     *
     * @param t        capture time, milliseconds since the epoch (for the demo replay: shifted to the replay time)
     * @param country  ISO 3166-1 alpha-2 of the source, "" when unknown
     * @param proto    "tcp", "udp", "icmp", "icmpv6" or the protocol number
     * @param port     destination port, ICMP type, else 0
     * @param category what the map colours it as: scan, iot, udp, icmp, backscatter, other
     */
    public record Sample(long t, String country, String proto, int port, @JsonProperty("class") String category) {
    }

    /**
     * A batch of samples.
     *
     * @param seq     increasing number of the batch
     * @param at      when the server published it, milliseconds since the epoch
     * @param from    start of the stretch of capture time covered (ms)
     * @param to      its end (ms)
     * @param packets the true number of darknet packets in that stretch (not the number of samples)
     * @param demo    true for the demo replay of a recorded capture
     */
    public record Batch(long seq, long at, long from, long to, long packets, boolean demo, List<Sample> samples,
                        @JsonIgnore String json) {
    }

    private final Clock clock;
    private final ObjectMapper json;
    private final ArrayDeque<Batch> ring = new ArrayDeque<>();
    private long seq;
    private long packets;
    private long samples;
    private boolean demo;
    private boolean closed;

    public LiveFeed(Clock clock, ObjectMapper json) {
        this.clock = clock;
        this.json = json;
    }

    /** The colour class of a packet on the live map. */
    public static String category(int protocol, int port, PacketClass packetClass, int tags) {
        if (packetClass == PacketClass.BACKSCATTER) {
            return "backscatter";
        }
        return switch (protocol) {
            case Protocols.TCP -> PacketTag.MIRAI.in(tags) || IOT_TCP_PORTS.contains(port) ? "iot" : "scan";
            case Protocols.UDP -> "udp";
            case Protocols.ICMP, Protocols.ICMPV6 -> "icmp";
            default -> "other";
        };
    }

    /**
     * Publishes the samples of [fromMillis, toMillis] and the true packet count of that stretch. More samples than fit
     * one batch are split over several, the count shared among them so that their sum stays exact.
     */
    public void publish(long fromMillis, long toMillis, long packetCount, boolean fromDemo, List<Sample> sampled) {
        List<List<Sample>> chunks = new ArrayList<>();
        for (int i = 0; i < sampled.size(); i += MAX_SAMPLES_PER_BATCH) {
            chunks.add(List.copyOf(sampled.subList(i, Math.min(sampled.size(), i + MAX_SAMPLES_PER_BATCH))));
        }
        if (chunks.isEmpty()) {
            chunks.add(List.of());
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            long left = packetCount;
            long share = packetCount / chunks.size();
            long at = clock.millis();
            for (int c = 0; c < chunks.size(); c++) {
                List<Sample> chunk = chunks.get(c);
                long count = c == chunks.size() - 1 ? left : share;
                left -= count;
                long from = c == 0 || chunk.isEmpty() ? fromMillis : chunk.getFirst().t();
                long to = c == chunks.size() - 1 || chunk.isEmpty() ? toMillis : chunk.getLast().t();
                Batch unserialised = new Batch(++seq, at, Math.min(from, to), Math.max(from, to), count, fromDemo,
                        chunk, null);
                ring.addLast(new Batch(unserialised.seq(), at, unserialised.from(), unserialised.to(), count,
                        fromDemo, chunk, write(unserialised)));
                while (ring.size() > RING) {
                    ring.removeFirst();
                }
            }
            packets += packetCount;
            samples += sampled.size();
            demo |= fromDemo;
            notifyAll();
        }
    }

    private String write(Batch batch) {
        try {
            return json.writeValueAsString(batch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a live batch as JSON", e);
        }
    }

    /** Batches published at or after {@code sinceMillis} (server time), oldest first: what a new client starts with. */
    public synchronized List<Batch> since(long sinceMillis) {
        return ring.stream().filter(b -> b.at() >= sinceMillis).toList();
    }

    /** The number of the latest batch, 0 before the first. */
    public synchronized long lastSeq() {
        return seq;
    }

    /**
     * Batches after {@code afterSeq}, waiting up to {@code timeoutMillis} for one; empty on timeout or when the feed
     * is closed. A client that fell behind the ring gets what the ring still holds.
     */
    public synchronized List<Batch> await(long afterSeq, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!closed && seq <= afterSeq) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return List.of();
            }
            wait(left);
        }
        if (closed) {
            return List.of();
        }
        return ring.stream().filter(b -> b.seq() > afterSeq).toList();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Packets published since the server started (true counts). */
    public synchronized long packets() {
        return packets;
    }

    /** Samples published since the server started. */
    public synchronized long samples() {
        return samples;
    }

    /** Whether the demo replay has published. */
    public synchronized boolean demo() {
        return demo;
    }

    /** Ends every wait: clients' streams close. */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
