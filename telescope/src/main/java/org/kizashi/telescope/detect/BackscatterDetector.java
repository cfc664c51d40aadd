package org.kizashi.telescope.detect;

import org.kizashi.core.telescope.DosAttack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.telescope.decode.DecodedPacket;
import org.kizashi.telescope.enrich.SourceEnricher;

/**
 * Groups backscatter by victim and protocol and reports the groups that pass the {@link DosThresholds} as attacks,
 * when they end (idle timeout) or when the input ends ({@link #finish}). The victim is the backscatter's source, except
 * for ICMP errors, whose victim is the destination of the quoted packet (the router that sent the error is a bystander).
 * Expects packets in capture-time order, as a capture delivers them; a packet a little out of order is counted in the
 * bin it belongs to if that bin is still open.
 */
public final class BackscatterDetector {
    private static final int MAX_PORTS = 8;

    private final DosThresholds thresholds;
    private final SourceEnricher victims;
    private final Consumer<DosAttack> sink;
    private final Map<VectorKey, Vector> vectors = new HashMap<>();
    private final long stepMicros;
    private final int binsPerWindow;
    private final long idleMicros;
    private boolean swept;
    private long lastSweepMicros;

    private record VectorKey(long victimHigh, long victimLow, int protocol) {
    }

    private final class Vector {
        final long startMicros;
        long lastMicros;
        long packets;
        long bytes;
        final TreeSet<Integer> ports = new TreeSet<>();
        // Packets per step-sized bin for the current window: a ring indexed by bin number.
        final long[] bins = new long[binsPerWindow];
        long newestBin = Long.MIN_VALUE;
        long windowCount;
        long peakWindowCount;

        Vector(long startMicros) {
            this.startMicros = startMicros;
            this.lastMicros = startMicros;
        }

        void add(long micros, int bytes, int port) {
            long bin = Math.floorDiv(micros, stepMicros);
            if (newestBin == Long.MIN_VALUE) {
                newestBin = bin;
            }
            if (bin > newestBin) {
                // The slots of the new bins still hold bins that have now left the window.
                long last = Math.min(bin, newestBin + binsPerWindow);
                for (long b = newestBin + 1; b <= last; b++) {
                    int slot = (int) Math.floorMod(b, binsPerWindow);
                    windowCount -= bins[slot];
                    bins[slot] = 0;
                }
                newestBin = bin;
            }
            if (bin > newestBin - binsPerWindow) { // still inside the window
                bins[(int) Math.floorMod(bin, binsPerWindow)]++;
                windowCount++;
                peakWindowCount = Math.max(peakWindowCount, windowCount);
            }
            lastMicros = Math.max(lastMicros, micros);
            packets++;
            this.bytes += bytes;
            if (port > 0 && ports.size() < MAX_PORTS) {
                ports.add(port);
            }
        }
    }

    /**
     * @param victims where the country and AS of a victim come from, looked up once per reported attack (a packet's
     *                own enrichment is of its source, which for an ICMP error is a router, not the victim)
     */
    public BackscatterDetector(DosThresholds thresholds, SourceEnricher victims, Consumer<DosAttack> sink) {
        this.thresholds = thresholds;
        this.victims = victims;
        this.sink = sink;
        this.stepMicros = thresholds.windowStep().toNanos() / 1000;
        this.binsPerWindow = (int) (thresholds.window().toNanos() / thresholds.windowStep().toNanos());
        this.idleMicros = thresholds.idleTimeout().toNanos() / 1000;
    }

    /** Offers a classified packet; only backscatter is looked at. {@code decoded} gives the quoted header of ICMP errors. */
    public void add(DarknetPacket packet, DecodedPacket decoded) {
        if (packet.packetClass() != PacketClass.BACKSCATTER) {
            sweep(packet.timestampMicros());
            return;
        }
        boolean quoted = quotesVictim(decoded);
        long victimHigh = quoted ? decoded.quotedDestinationHigh : packet.sourceHigh();
        long victimLow = quoted ? decoded.quotedDestinationLow : packet.sourceLow();
        int port = quoted ? decoded.quotedDestinationPort : packet.sourcePort();
        long now = packet.timestampMicros();
        VectorKey key = new VectorKey(victimHigh, victimLow, packet.protocol());
        Vector v = vectors.get(key);
        if (v != null && now - v.lastMicros > idleMicros) {
            vectors.remove(key);
            report(key, v);
            v = null;
        }
        if (v == null) {
            v = new Vector(now);
            vectors.put(key, v);
        }
        v.add(now, packet.bytes(), port);
        sweep(now);
    }

    /**
     * Whether the victim of a backscatter packet is the destination of the packet it quotes (an ICMP error) rather than
     * its source.
     */
    public static boolean quotesVictim(DecodedPacket d) {
        return d.hasQuoted && ((d.protocol == 1 && d.icmpType != 0 && d.icmpType != 14 && d.icmpType != 16
                && d.icmpType != 18) || (d.protocol == 58 && d.icmpType >= 1 && d.icmpType <= 4));
    }

    /**
     * Time has reached {@code nowMicros} (a packet this detector is not given, such as backscatter of a victim another
     * shard of the analysis follows): ends the vectors idle since, as {@link #add} would.
     */
    public void advance(long nowMicros) {
        sweep(nowMicros);
    }

    /** Ends vectors idle for longer than the timeout; at most once per window step, to stay cheap. */
    private void sweep(long nowMicros) {
        if (swept && nowMicros - lastSweepMicros < stepMicros) {
            return;
        }
        swept = true;
        lastSweepMicros = nowMicros;
        Iterator<Map.Entry<VectorKey, Vector>> it = vectors.entrySet().iterator();
        List<Map.Entry<VectorKey, Vector>> ended = new ArrayList<>();
        while (it.hasNext()) {
            Map.Entry<VectorKey, Vector> e = it.next();
            if (nowMicros - e.getValue().lastMicros > idleMicros) {
                ended.add(e);
                it.remove();
            }
        }
        ended.sort((a, b) -> Long.compare(a.getValue().startMicros, b.getValue().startMicros));
        ended.forEach(e -> report(e.getKey(), e.getValue()));
    }

    /** The input has ended: reports every open vector that qualifies, oldest first. */
    public void finish() {
        List<Map.Entry<VectorKey, Vector>> open = new ArrayList<>(vectors.entrySet());
        vectors.clear();
        open.sort((a, b) -> Long.compare(a.getValue().startMicros, b.getValue().startMicros));
        open.forEach(e -> report(e.getKey(), e.getValue()));
    }

    /** Vectors being followed now, for memory accounting and tests. */
    public int openVectors() {
        return vectors.size();
    }

    private void report(VectorKey key, Vector v) {
        long durationMicros = v.lastMicros - v.startMicros;
        double peakPerMinute = v.peakWindowCount * 60.0 / thresholds.window().toSeconds();
        if (v.packets < thresholds.minPackets() || durationMicros < thresholds.minDuration().toNanos() / 1000
                || peakPerMinute < thresholds.minPeakPerMinute()) {
            return;
        }
        String country = victims.country(key.victimHigh(), key.victimLow());
        sink.accept(new DosAttack(IpAddress.of(key.victimHigh(), key.victimLow()), key.protocol(),
                List.copyOf(v.ports), DarknetPacket.instantOfMicros(v.startMicros),
                DarknetPacket.instantOfMicros(v.lastMicros), v.packets, v.bytes, peakPerMinute,
                country == null ? "" : country, victims.asn(key.victimHigh(), key.victimLow())));
    }
}
