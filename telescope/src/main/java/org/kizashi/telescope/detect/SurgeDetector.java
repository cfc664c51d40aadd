package org.kizashi.telescope.detect;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.PortSurge;
import org.kizashi.core.telescope.ProtocolPort;

/**
 * Finds surges and new activity per destination port and protocol (like 2323/tcp in September 2016). Distinct
 * sources and packets are counted per port and interval; when an interval closes, each port is compared with its own
 * robust baseline (see {@link SurgeSettings}). Only TCP and UDP ports are watched.
 *
 * <p>Sources are counted exactly up to {@value #EXACT_SOURCES} per port and interval, with an UltraLogLog estimate
 * beyond; the top countries of an alert are counted over the exactly counted sources.
 */
public final class SurgeDetector {
    static final int EXACT_SOURCES = 4096;
    private static final int SAMPLE_SOURCES = 5;
    private static final int TOP_COUNTRIES = 5;
    private static final int ULL_PRECISION = 12;

    private final SurgeSettings settings;
    private final long intervalMicros;
    private final Consumer<? super PortSurge> sink;
    // Index: protocol slot (0 TCP, 1 UDP) * 65536 + port.
    private final PortInterval[] current = new PortInterval[2 * 65536];
    private final Map<Integer, History> histories = new HashMap<>();
    private long intervalIndex = Long.MIN_VALUE;
    private int closedIntervals;

    public SurgeDetector(SurgeSettings settings, Consumer<? super PortSurge> sink) {
        this.settings = settings;
        this.intervalMicros = settings.interval().toNanos() / 1000;
        this.sink = sink;
    }

    public void add(DarknetPacket p) {
        int slot = switch (p.protocol()) {
            case 6 -> 0;
            case 17 -> 1;
            default -> -1;
        };
        advance(p.timestampMicros());
        if (slot < 0) {
            return;
        }
        int key = slot * 65536 + p.destinationPort();
        PortInterval interval = current[key];
        if (interval == null) {
            interval = new PortInterval();
            current[key] = interval;
        }
        interval.add(p);
    }

    /**
     * Time has reached {@code micros} (a packet this detector is not given, such as one of a port another shard of
     * the analysis watches): closes the intervals that ended before it, as {@link #add} would.
     */
    public void advance(long micros) {
        long index = Math.floorDiv(micros, intervalMicros);
        if (intervalIndex == Long.MIN_VALUE) {
            intervalIndex = index;
        } else if (index > intervalIndex) {
            advanceTo(index);
        }
    }

    /** The input has ended: closes the interval in progress (a partial interval only under-reports). */
    public void finish() {
        if (intervalIndex != Long.MIN_VALUE) {
            close();
            intervalIndex = Long.MIN_VALUE;
        }
    }

    private void advanceTo(long index) {
        close();
        long silent = Math.min(index - intervalIndex - 1, settings.history());
        for (long i = 0; i < silent; i++) {
            histories.values().forEach(h -> h.push(0, 0));
            closedIntervals++;
        }
        intervalIndex = index;
    }

    private void close() {
        Instant start = DarknetPacket.instantOfMicros(intervalIndex * intervalMicros);
        Instant end = DarknetPacket.instantOfMicros((intervalIndex + 1) * intervalMicros);
        List<PortSurge> surges = new ArrayList<>();
        boolean judge = closedIntervals >= settings.minHistory();
        for (int key = 0; key < current.length; key++) {
            PortInterval interval = current[key];
            History history = histories.get(key);
            if (interval == null) {
                if (history != null) {
                    history.push(0, 0);
                }
                continue;
            }
            current[key] = null;
            long sources = interval.sources();
            if (history == null) {
                history = new History(settings.history());
                histories.put(key, history);
            }
            if (judge && sources >= settings.minSources()) {
                ProtocolPort port = new ProtocolPort(key < 65536 ? 6 : 17, key & 0xffff);
                PortSurge surge = judge(port, start, end, "sources", sources, history.sources(closedIntervals), interval);
                if (surge == null) {
                    surge = judge(port, start, end, "packets", interval.packets, history.packets(closedIntervals),
                            interval);
                }
                if (surge != null) {
                    surges.add(surge);
                }
            }
            history.push(sources, interval.packets);
        }
        closedIntervals++;
        surges.sort(Comparator.comparingDouble(PortSurge::factor).reversed().thenComparing(PortSurge::port));
        surges.forEach(sink);
    }

    private PortSurge judge(ProtocolPort port, Instant start, Instant end, String metric, long observed,
                            long[] past, PortInterval interval) {
        double baseline = median(past);
        double[] deviations = new double[past.length];
        for (int i = 0; i < past.length; i++) {
            deviations[i] = Math.abs(past[i] - baseline);
        }
        double robustSigma = 1.4826 * median(deviations);
        double threshold = Math.max(settings.minFactor() * Math.max(baseline, 1),
                baseline + settings.madMultiplier() * robustSigma);
        if (observed < threshold) {
            return null;
        }
        return new PortSurge(port, start, end, metric, observed, baseline, observed / Math.max(baseline, 1),
                interval.topCountries(), interval.samples);
    }

    static double median(long[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return median(d);
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The last intervals of one port, zero-filled for intervals it was silent in. */
    private static final class History {
        private final long[] sources;
        private final long[] packets;
        private int size;
        private int next;

        History(int capacity) {
            sources = new long[capacity];
            packets = new long[capacity];
        }

        void push(long s, long p) {
            sources[next] = s;
            packets[next] = p;
            next = (next + 1) % sources.length;
            size = Math.min(size + 1, sources.length);
        }

        /** The recorded values, padded with zeros for intervals before this port was first seen. */
        long[] sources(int intervalsSeen) {
            return values(sources, intervalsSeen);
        }

        long[] packets(int intervalsSeen) {
            return values(packets, intervalsSeen);
        }

        private long[] values(long[] ring, int intervalsSeen) {
            long[] out = new long[Math.min(Math.max(size, intervalsSeen), ring.length)];
            for (int i = 0; i < size; i++) {
                out[i] = ring[i];
            }
            return out;
        }
    }

    /** One port's activity in the interval in progress. */
    private static final class PortInterval {
        long packets;
        final List<IpAddress> samples = new ArrayList<>(SAMPLE_SOURCES);
        private long[] exact = new long[16]; // open addressing over source hashes; 0 marks an empty slot
        private int exactCount;
        private UltraLogLog estimate;
        private final Map<String, long[]> countrySources = new HashMap<>();

        void add(DarknetPacket p) {
            packets++;
            long hash = hash(p.sourceHigh(), p.sourceLow());
            if (estimate != null) {
                estimate.add(hash);
                return;
            }
            if (!insert(hash)) {
                return;
            }
            if (samples.size() < SAMPLE_SOURCES) {
                samples.add(p.source());
            }
            if (!p.country().isEmpty()) {
                countrySources.computeIfAbsent(p.country(), c -> new long[1])[0]++;
            }
            if (exactCount > EXACT_SOURCES) {
                estimate = UltraLogLog.create(ULL_PRECISION);
                for (long h : exact) {
                    if (h != 0) {
                        estimate.add(h);
                    }
                }
                exact = null;
            }
        }

        long sources() {
            return estimate != null ? Math.round(estimate.getDistinctCountEstimate()) : exactCount;
        }

        List<String> topCountries() {
            return countrySources.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                            .thenComparing(Map.Entry::getKey))
                    .limit(TOP_COUNTRIES).map(Map.Entry::getKey).toList();
        }

        /** Adds to the exact set; true when the hash was new. */
        private boolean insert(long hash) {
            if (exactCount * 2 >= exact.length) {
                long[] old = exact;
                exact = new long[old.length * 2];
                exactCount = 0;
                for (long h : old) {
                    if (h != 0) {
                        insert(h);
                    }
                }
            }
            int mask = exact.length - 1;
            for (int i = (int) (hash ^ (hash >>> 32)) & mask; ; i = (i + 1) & mask) {
                if (exact[i] == hash) {
                    return false;
                }
                if (exact[i] == 0) {
                    exact[i] = hash;
                    exactCount++;
                    return true;
                }
            }
        }

        private static long hash(long high, long low) {
            long h = high * 0x9E3779B97F4A7C15L ^ low;
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            h ^= h >>> 33;
            return h == 0 ? 1 : h;
        }
    }
}
