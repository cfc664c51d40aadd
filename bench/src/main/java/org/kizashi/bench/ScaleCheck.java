package org.kizashi.bench;

import java.util.Locale;
import org.kizashi.aggregate.DarknetAccumulator;
import org.kizashi.aggregate.DarknetAggregator;
import org.kizashi.aggregate.DarknetSummary;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;

/**
 * The memory goal at full size: ten million distinct sources (one Mirai-style packet each, plus a heavy scanner) over a
 * day, default configuration, in the heap the JVM is given ({@code bench/run.sh} gives it {@code -Xmx2g}). Packets are
 * made on the fly. Exits 1 when a count is lost: packets and bytes must be exact, distinct sources and destinations
 * within 2 % (the sketch error), the heavy scanner exact. {@code aggregate}'s ScaleTest checks the same at 2 million
 * sources in the unit tests.
 *
 * <pre>java -Xmx2g -cp bench/target/benchmarks.jar org.kizashi.bench.ScaleCheck [SOURCES]</pre>
 */
public final class ScaleCheck {
    private static final String[] COUNTRIES = {"CN", "US", "RU", "BR", "IN", "JP", "NL", "DE", "KR", "VN"};
    private static final long V4_MAPPED = 0xFFFF_0000_0000L;

    private ScaleCheck() {
    }

    public static void main(String[] args) {
        int sources = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 10_000_000;
        DarknetAggregator aggregator = new DarknetAggregator();
        DarknetAccumulator accumulator = aggregator.create();
        long day = 1_710_028_800_000_000L; // 2024-03-10T00:00:00Z
        long step = 86_400_000_000L / sources;
        long packets = 0;
        long bytes = 0;
        long heavy = V4_MAPPED | 0xC633_6401L; // 198.51.100.1
        long started = System.nanoTime();
        for (int s = 0; s < sources; s++) {
            long time = day + s * step;
            long source = V4_MAPPED | (0x0100_0000L + s * 7L); // distinct, spread over 1.0.0.0 to 5.42.x.x
            long destination = V4_MAPPED | 0xC612_0000L | (s & 0x1_FFFF);
            aggregator.add(new DarknetPacket(time, 0, source, 0, destination, 6, 40_000, s % 10 == 0 ? 2_323 : 23,
                    40, PacketClass.SCAN, PacketTag.MIRAI.bit(), COUNTRIES[s % COUNTRIES.length], 4_000 + s % 5_000),
                    accumulator);
            packets++;
            bytes += 40;
            if (s % 1_000 == 0) {
                aggregator.add(new DarknetPacket(time, 0, heavy, 0, destination, 6, 40_000, 445, 44,
                        PacketClass.SCAN, 0, "NL", 1_136), accumulator);
                packets++;
                bytes += 44;
            }
        }
        double addSeconds = (System.nanoTime() - started) / 1e9;
        DarknetSummary summary = aggregator.result(accumulator);
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        int serialised = accumulator.toBytes().length;
        DarknetSummary.SourceRecord top = summary.sources().get(0);
        boolean ok = summary.totals().packets() == packets && summary.totals().bytes() == bytes
                && Math.abs(summary.totals().sources() - (sources + 1.0)) <= 0.02 * sources
                && Math.abs(summary.totals().destinations() - Math.min(sources, 131_072.0)) <= 0.02 * 131_072
                && summary.byTag().get(PacketTag.MIRAI).packets() == sources
                && top.source().toString().equals("198.51.100.1") && top.packets() == (sources + 999) / 1_000
                && top.missedPacketsAtMost() == 0;
        System.out.printf(Locale.ROOT, "%,d distinct sources, %,d packets added in %.1f s (%.0f ns/packet); "
                        + "max heap %,d MB, heap used after the result %,d MB, %,d bytes serialised%n"
                        + "totals %s, %,d sources tracked, %,d evictions%n%s%n",
                sources, packets, addSeconds, addSeconds * 1e9 / packets, runtime.maxMemory() >> 20, used >> 20,
                serialised, summary.totals(), summary.sourceTable().tracked(), summary.sourceTable().evictions(),
                ok ? "OK: no count lost" : "FAILED: a count is off");
        System.exit(ok ? 0 : 1);
    }
}
