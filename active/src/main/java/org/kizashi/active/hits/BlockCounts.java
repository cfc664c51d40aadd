package org.kizashi.active.hits;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import org.kizashi.core.net.IpAddress;

/**
 * Block totals by day, list and ISP: the figures a CSIRT publishes ("about 208 million blocks") and the series behind
 * them. Days are calendar days in one zone (Japan time by default), so a block at 23:59 and one at 00:00 fall on two
 * days as the ISPs' own reports count them. Small: one counter per (day, list, ISP), whatever the number of events.
 * <p>
 * Thread-safe: several parsers may {@link #add} at once; readers see a consistent-enough snapshot (a count being
 * added concurrently may or may not be included). Counts from several machines combine with {@link #merge}.
 */
public final class BlockCounts {
    /** The zone of Japanese ISPs' reporting days. */
    public static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    /** The ISP name of clients the mapping does not know. */
    public static final String UNKNOWN_ISP = "unknown";

    private record Key(LocalDate day, String list, String isp) {
    }

    private final ZoneId zone;
    private final Function<IpAddress, Optional<String>> ispOf;
    private final ConcurrentHashMap<Key, LongAdder> counts = new ConcurrentHashMap<>();

    /** Japan-time days; every client's ISP is {@link #UNKNOWN_ISP}. */
    public BlockCounts() {
        this(JAPAN, address -> Optional.empty());
    }

    /**
     * @param zone  the zone whose calendar days the counts are per
     * @param ispOf the ISP a client address belongs to (for example a lookup in the ISPs' registered prefixes)
     */
    public BlockCounts(ZoneId zone, Function<IpAddress, Optional<String>> ispOf) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.ispOf = Objects.requireNonNull(ispOf, "ispOf");
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * Counts the event if it is a block ({@link BlockEvent#isBlock()}), as {@link BlockEvent#count()} blocks.
     *
     * @return whether it was counted; passthru and log-only hits are not blocks
     */
    public boolean add(BlockEvent event) {
        if (!event.isBlock()) {
            return false;
        }
        LocalDate day = event.time().atZone(zone).toLocalDate();
        String isp = ispOf.apply(event.client()).orElse(UNKNOWN_ISP);
        counts.computeIfAbsent(new Key(day, event.list(), isp), k -> new LongAdder()).add(event.count());
        return true;
    }

    /**
     * Adds {@code other}'s counts to these (other is unchanged).
     *
     * @throws IllegalArgumentException when other counts days of another zone, which cannot be re-cut
     */
    public void merge(BlockCounts other) {
        if (!other.zone.equals(zone)) {
            throw new IllegalArgumentException("cannot merge counts of " + other.zone + " days into " + zone
                    + " days");
        }
        other.counts.forEach((key, value) -> counts.computeIfAbsent(key, k -> new LongAdder()).add(value.sum()));
    }

    /** All blocks counted. */
    public long total() {
        return sum(key -> true);
    }

    /** Blocks on one day. */
    public long onDay(LocalDate day) {
        return sum(key -> key.day().equals(day));
    }

    /** Blocks per day, oldest first; days without blocks are absent. */
    public SortedMap<LocalDate, Long> perDay() {
        return perDay(key -> true);
    }

    /** Blocks per day by one list. */
    public SortedMap<LocalDate, Long> perDayOfList(String list) {
        return perDay(key -> key.list().equals(list));
    }

    /** Blocks per day of one ISP's clients. */
    public SortedMap<LocalDate, Long> perDayOfIsp(String isp) {
        return perDay(key -> key.isp().equals(isp));
    }

    /** Blocks per list, most first (ties by name). */
    public Map<String, Long> perList() {
        return ranked(Key::list);
    }

    /** Blocks per ISP, most first (ties by name); unmapped clients under {@link #UNKNOWN_ISP}. */
    public Map<String, Long> perIsp() {
        return ranked(Key::isp);
    }

    /** The {@code n} lists with the most blocks, most first. */
    public List<Map.Entry<String, Long>> topLists(int n) {
        return top(perList(), n);
    }

    /** The {@code n} ISPs with the most blocks, most first. */
    public List<Map.Entry<String, Long>> topIsps(int n) {
        return top(perIsp(), n);
    }

    private long sum(Predicate<Key> which) {
        long total = 0;
        for (Map.Entry<Key, LongAdder> e : counts.entrySet()) {
            if (which.test(e.getKey())) {
                total += e.getValue().sum();
            }
        }
        return total;
    }

    private SortedMap<LocalDate, Long> perDay(Predicate<Key> which) {
        SortedMap<LocalDate, Long> days = new TreeMap<>();
        counts.forEach((key, value) -> {
            if (which.test(key)) {
                days.merge(key.day(), value.sum(), Long::sum);
            }
        });
        return days;
    }

    private Map<String, Long> ranked(Function<Key, String> by) {
        Map<String, Long> sums = new HashMap<>();
        counts.forEach((key, value) -> sums.merge(by.apply(key), value.sum(), Long::sum));
        List<Map.Entry<String, Long>> entries = new ArrayList<>(sums.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> ranked = new LinkedHashMap<>();
        entries.forEach(e -> ranked.put(e.getKey(), e.getValue()));
        return ranked;
    }

    private static List<Map.Entry<String, Long>> top(Map<String, Long> ranked, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, got " + n);
        }
        return ranked.entrySet().stream().limit(n).map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }
}
