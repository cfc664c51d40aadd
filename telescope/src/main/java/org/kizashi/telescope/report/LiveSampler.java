package org.kizashi.telescope.report;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.kizashi.core.telescope.DarknetPacket;

/**
 * Picks darknet packets for the live map: in every second of capture time at most {@code maxPerSecond}, chosen
 * uniformly at random among that second's packets (reservoir sampling, Li's "Algorithm L"), so that the map shows what
 * the traffic is made of without its volume. Sample what is drawn, never what is counted: counts come from the
 * aggregate.
 *
 * <p>{@link #offer} is meant for every darknet packet at millions per second: apart from the packets that enter the
 * reservoir (a few per second) it compares a counter and returns, without allocating or drawing random numbers.
 * Packets whose timestamp is earlier than the second being sampled (capture clocks jitter) count towards the current
 * second. Not thread-safe: call {@link #offer} and {@link #drain} from one thread (or under one lock).
 */
public final class LiveSampler {
    private final int maxPerSecond;
    private final SplittableRandom random;
    private final DarknetPacket[] reservoir;
    private final List<LiveSample> done = new ArrayList<>();
    /** The capture-time second being sampled, or Long.MIN_VALUE before the first packet. */
    private long second = Long.MIN_VALUE;
    /** Reservoir slots usable in this second (fewer than maxPerSecond after a drain in the middle of the second). */
    private int capacity;
    /** Packets of this second offered to the reservoir. */
    private long seen;
    private int filled;
    /** Algorithm L state: the index of the next packet to enter the full reservoir, and the running weight. */
    private long nextPick;
    private double weight;

    /**
     * @param maxPerSecond most samples per second of capture time; 0 samples nothing
     * @param seed         for the random choice, so that a run can be repeated
     */
    public LiveSampler(int maxPerSecond, long seed) {
        if (maxPerSecond < 0) {
            throw new IllegalArgumentException("maxPerSecond must not be negative: " + maxPerSecond);
        }
        this.maxPerSecond = maxPerSecond;
        this.random = new SplittableRandom(seed);
        this.reservoir = new DarknetPacket[maxPerSecond];
    }

    public int maxPerSecond() {
        return maxPerSecond;
    }

    /** Considers one darknet packet. */
    public void offer(DarknetPacket p) {
        long s = Math.floorDiv(p.timestampMicros(), 1_000_000L);
        if (s > second) {
            closeSecond();
            second = s;
            capacity = maxPerSecond;
            seen = 0;
        }
        long index = seen++;
        if (filled < capacity) {
            reservoir[filled++] = p;
            if (filled == capacity) {
                weight = Math.exp(Math.log(uniform()) / capacity);
                nextPick = index + skip() + 1;
            }
        } else if (index == nextPick && capacity > 0) {
            reservoir[random.nextInt(capacity)] = p;
            weight *= Math.exp(Math.log(uniform()) / capacity);
            nextPick = index + skip() + 1;
        }
    }

    /**
     * The samples chosen since the last call, oldest second first. The second in progress is handed over too; the rest
     * of that second is then sampled into the slots it has left, so that no second ever yields more than
     * {@code maxPerSecond}.
     */
    public List<LiveSample> drain() {
        int taken = filled;
        closeSecond();
        capacity -= taken;
        if (capacity <= 0) {
            capacity = 0;
        }
        seen = 0;
        List<LiveSample> out = List.copyOf(done);
        done.clear();
        return out;
    }

    private void closeSecond() {
        for (int i = 0; i < filled; i++) {
            done.add(LiveSample.of(reservoir[i]));
            reservoir[i] = null;
        }
        filled = 0;
    }

    /** How many packets the full reservoir passes over before the next one enters it (geometric with weight). */
    private long skip() {
        double w = weight;
        if (w >= 1.0) {
            return 0;
        }
        double s = Math.floor(Math.log(uniform()) / Math.log1p(-w));
        return s >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : (long) s;
    }

    /** Uniform in (0, 1). */
    private double uniform() {
        double u;
        do {
            u = random.nextDouble();
        } while (u == 0.0);
        return u;
    }
}
