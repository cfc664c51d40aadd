package org.kizashi.telescope.detect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.OrganisationNetwork;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.InfectedHost;
import org.kizashi.core.telescope.PacketTag;
import org.kizashi.core.telescope.ProtocolPort;

/**
 * DAEDALUS-style detection: a darknet packet whose source lies in an organisation's registered range means a host of
 * that organisation is scanning (likely infected). Activity of one host is gathered into one alert, reported once
 * the host has been quiet for {@code quietPeriod} (or at the end of the input), with the ports and fingerprints seen.
 */
public final class InfectedHostDetector {
    /** Ports listed in one alert; more are counted in the packets but not listed. */
    static final int MAX_PORTS = 32;

    private final OrganisationRanges ranges;
    private final long quietMicros;
    private final Consumer<? super InfectedHost> sink;
    private final Map<IpAddress, Activity> open = new HashMap<>();
    private long lastSweepMicros = Long.MIN_VALUE;

    public InfectedHostDetector(List<OrganisationNetwork> networks, Duration quietPeriod,
                                Consumer<? super InfectedHost> sink) {
        this.ranges = OrganisationRanges.of(networks);
        this.quietMicros = quietPeriod.toNanos() / 1000;
        this.sink = sink;
    }

    /** Offers a darknet packet. Cheap when the source is in no registered range. */
    public void add(DarknetPacket packet) {
        long now = packet.timestampMicros();
        if (!ranges.isEmpty()) {
            OrganisationNetwork network = ranges.find(packet.sourceHigh(), packet.sourceLow());
            if (network != null) {
                Activity a = open.computeIfAbsent(packet.source(), host -> new Activity(network, now));
                a.add(packet);
            }
        }
        advance(now);
    }

    /**
     * Time has reached {@code nowMicros} (a packet this detector is not given, such as one whose source another shard
     * of the analysis follows): reports the hosts that have become quiet, at most every 10 seconds of capture time.
     */
    public void advance(long nowMicros) {
        if (!open.isEmpty() && nowMicros - lastSweepMicros >= 10_000_000L) {
            lastSweepMicros = nowMicros;
            sweep(nowMicros);
        }
    }

    /** Reports hosts quiet since before {@code nowMicros - quietPeriod}. */
    public void sweep(long nowMicros) {
        List<Map.Entry<IpAddress, Activity>> ended = new ArrayList<>();
        for (Iterator<Map.Entry<IpAddress, Activity>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<IpAddress, Activity> e = it.next();
            if (nowMicros - e.getValue().lastMicros > quietMicros) {
                ended.add(e);
                it.remove();
            }
        }
        report(ended);
    }

    /** The input has ended: reports every host seen. */
    public void finish() {
        List<Map.Entry<IpAddress, Activity>> all = new ArrayList<>(open.entrySet());
        open.clear();
        report(all);
    }

    private void report(List<Map.Entry<IpAddress, Activity>> entries) {
        entries.sort((x, y) -> x.getValue().firstMicros != y.getValue().firstMicros
                ? Long.compare(x.getValue().firstMicros, y.getValue().firstMicros)
                : x.getKey().compareTo(y.getKey()));
        for (Map.Entry<IpAddress, Activity> e : entries) {
            Activity a = e.getValue();
            sink.accept(new InfectedHost(a.network.organisationId(), a.network.prefix().toString(), e.getKey(),
                    DarknetPacket.instantOfMicros(a.firstMicros), DarknetPacket.instantOfMicros(a.lastMicros), a.packets, List.copyOf(a.ports), a.tags));
        }
    }

    private static final class Activity {
        final OrganisationNetwork network;
        final long firstMicros;
        long lastMicros;
        long packets;
        final TreeSet<ProtocolPort> ports = new TreeSet<>();
        final Set<PacketTag> tags = EnumSet.noneOf(PacketTag.class);

        Activity(OrganisationNetwork network, long firstMicros) {
            this.network = network;
            this.firstMicros = firstMicros;
            this.lastMicros = firstMicros;
        }

        void add(DarknetPacket p) {
            lastMicros = Math.max(lastMicros, p.timestampMicros());
            packets++;
            if (ports.size() < MAX_PORTS && (p.protocol() == 6 || p.protocol() == 17)) {
                ports.add(new ProtocolPort(p.protocol(), p.destinationPort()));
            }
            tags.addAll(PacketTag.of(p.tags()));
        }
    }
}
