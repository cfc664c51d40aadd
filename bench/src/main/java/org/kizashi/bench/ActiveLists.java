package org.kizashi.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.kizashi.active.list.ListFileReader;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

/**
 * A deterministic generator of block-list entries for the ACTIVE benchmarks, the same on every run for a given count
 * and seed: about 70 % domains of 2 to 4 labels (random letters and digits, now and then a hyphen) under 300
 * TLD-like suffixes (popular ones more often), 10 % "*.domain", 15 % IPv4 (one in five a /24), 5 % IPv6 prefixes
 * (/48, /52, /56, /60, /64 and /128). The last entry is always a plain domain, so that the last record of the zone
 * is a name a resolver can be asked for. Also makes the queries of the lookup benchmarks (names that miss, URLs).
 *
 * <p>Addresses avoid 0/8, 10/8, 100/8, 127/8, 169/8, 172/8, 192/8, 198/8 and 224/3: the transfer benchmark answers
 * every name that is not listed with 192.0.2.1, which must not be an rpz-ip trigger.
 */
public final class ActiveLists {
    /** The size: a million list entries. */
    public static final int MILLION = 1_000_000;
    /** The seed of the benchmark list. */
    public static final long SEED = 20_261_123L;
    /** The one time every generated entry was seen at (entries carry no other time). */
    public static final Instant SEEN = Instant.parse("2026-11-23T00:00:00Z");
    /** The answer to names that are not listed, in the transfer benchmark's root zone. */
    public static final String UNLISTED_ANSWER = "192.0.2.1";

    private static final String[] POPULAR = {"com", "net", "org", "info", "biz", "xyz", "top", "online", "site",
        "club", "shop", "store", "live", "icu", "vip", "work", "app", "dev", "io", "me", "cc", "co", "tv", "ws", "pw",
        "tk", "ml", "ga", "cf", "gq", "ru", "su", "cn", "hk", "tw", "kr", "in", "id", "vn", "th", "br", "de", "fr",
        "nl", "pl", "ua", "uk", "co.uk", "eu", "us", "ca", "au", "com.au", "jp", "co.jp", "ne.jp", "or.jp", "ac.jp",
        "go.jp", "ed.jp", "gr.jp", "lg.jp", "tokyo", "osaka", "nagoya", "yokohama", "com.cn", "net.cn", "com.br",
        "com.tw", "com.hk", "co.kr", "co.in", "com.vn", "link", "click", "download", "stream", "win", "bid", "loan",
        "party", "review", "trade", "date", "racing", "men", "host", "space", "website", "tech", "fun", "buzz",
        "monster", "rest", "bar", "cam", "cyou", "sbs", "cfd", "quest", "best", "lol", "today", "world", "life",
        "news", "email", "support", "services", "digital", "cloud", "network", "zone", "agency", "solutions"};
    private static final Set<String> NEVER_SUFFIX = Set.of("test", "local", "localhost", "invalid", "onion",
            "arpa", "example", "home", "lan", "internal", "corp", "alt");
    private static final int SUFFIXES = 300;
    private static final char[] LABEL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int[] FIRST_OCTETS = firstOctets();

    private final SplittableRandom random;
    private final String[] suffixes;

    /** A generator; two with the same seed give the same sequence. */
    public ActiveLists(long seed) {
        this.random = new SplittableRandom(seed);
        this.suffixes = suffixes();
    }

    /** The benchmark's list entries (one a line, as in a list file), {@code count} of them. */
    public static void forEachEntry(int count, Consumer<String> sink) {
        ActiveLists lists = new ActiveLists(SEED);
        for (int i = 0; i < count; i++) {
            sink.accept(lists.entry(i == count - 1));
        }
    }

    /** The benchmark's list entries as a list. */
    public static List<String> entries(int count) {
        List<String> lines = new ArrayList<>(count);
        forEachEntry(count, lines::add);
        return lines;
    }

    /**
     * The benchmark's list file of {@code count} entries, written once to {@code dir} (bench/target/active by
     * default) and reused: the same content on every run.
     */
    public static Path listFile(Path dir, int count) {
        Path file = dir.resolve("active-list-" + count + ".txt");
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.createDirectories(dir);
            Path temporary = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            System.err.printf(Locale.ROOT, "generating %s (%,d entries)%n", file, count);
            try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII)) {
                out.write("# Kizashi benchmark block list: " + count + " generated entries (seed " + SEED + ")\n");
                out.write("# domains, *.domains, IPv4 addresses and /24s, IPv6 prefixes\n");
                forEachEntry(count, line -> {
                    try {
                        out.write(line);
                        out.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the benchmarks keep their files: -Dkizashi.bench.dir, else bench/target/active (or target/active). */
    public static Path workDirectory() {
        String configured = System.getProperty("kizashi.bench.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        return Files.isDirectory(Path.of("bench")) ? Path.of("bench", "target", "active") : Path.of("target", "active");
    }

    /** The policy set of the benchmark's {@code count} entries, built without a file (for JMH). */
    public static PolicySet policySet(List<String> entries) {
        PolicySet.Builder builder = PolicySet.builder();
        for (String line : entries) {
            builder.add(ListFileReader.parseTrigger(line), PolicyAction.NXDOMAIN, "bench", "", SEEN, SEEN, null);
        }
        return builder.build();
    }

    /** One list entry: a domain, a wildcard, an IPv4 address or /24, or an IPv6 prefix. */
    public String entry(boolean domainOnly) {
        int kind = random.nextInt(100);
        if (domainOnly || kind < 70) {
            return domain(2, 4);
        }
        if (kind < 80) {
            return "*." + domain(2, 4);
        }
        if (kind < 95) {
            return random.nextInt(5) == 0 ? ipv4Network() + "/24" : IpAddress.ofV4(ipv4()).toString();
        }
        return ipv6Prefix();
    }

    /** A domain of {@code minLabels} to {@code maxLabels} labels, its last one or two a TLD-like suffix. */
    public String domain(int minLabels, int maxLabels) {
        String suffix = suffix();
        int suffixLabels = suffix.indexOf('.') >= 0 ? 2 : 1;
        int labels = minLabels + random.nextInt(maxLabels - minLabels + 1);
        StringBuilder sb = new StringBuilder(40);
        for (int i = Math.max(1, labels - suffixLabels); i > 0; i--) {
            label(sb);
            sb.append('.');
        }
        return sb.append(suffix).toString();
    }

    /** A random label of 3 to 14 letters and digits, now and then with a hyphen inside. */
    public StringBuilder label(StringBuilder sb) {
        int length = 3 + random.nextInt(12);
        int hyphen = length > 5 && random.nextInt(8) == 0 ? 1 + random.nextInt(length - 2) : -1;
        for (int i = 0; i < length; i++) {
            sb.append(i == hyphen ? '-' : LABEL_CHARS[random.nextInt(LABEL_CHARS.length)]);
        }
        return sb;
    }

    private String suffix() {
        // Squaring a uniform number favours the first (popular) suffixes, as real lists do.
        double u = random.nextDouble();
        return suffixes[(int) (u * u * suffixes.length)];
    }

    /** A random IPv4 address outside the ranges listed in the class comment, as an int. */
    public int ipv4() {
        return FIRST_OCTETS[random.nextInt(FIRST_OCTETS.length)] << 24 | random.nextInt(1 << 24);
    }

    private String ipv4Network() {
        int network = ipv4() & 0xffff_ff00;
        return IpAddress.ofV4(network).toString();
    }

    /** A random address in 2000::/3 (global unicast). */
    public IpAddress ipv6() {
        long high = (random.nextLong() & 0x1fff_ffff_ffff_ffffL) | 0x2000_0000_0000_0000L;
        return IpAddress.of(high, random.nextLong());
    }

    private String ipv6Prefix() {
        int length = switch (random.nextInt(20)) {
            case 0, 1, 2, 3 -> 48;
            case 4 -> 52;
            case 5, 6, 7 -> 56;
            case 8 -> 60;
            case 9, 10, 11, 12, 13, 14, 15 -> 64;
            default -> 128;
        };
        IpAddress a = ipv6();
        long high = length >= 64 ? a.high() : a.high() & (-1L << (64 - length));
        long low = length == 128 ? a.low() : 0;
        String text = IpAddress.of(high, low).toString();
        return length == 128 && random.nextBoolean() ? text : text + "/" + length;
    }

    /** A random IPv4 address in the same space, or an IPv6 address, as an {@link IpAddress}. */
    public IpAddress address(boolean v6) {
        return v6 ? ipv6() : IpAddress.ofV4(ipv4());
    }

    /** A random host address inside {@code prefix}. */
    public IpAddress inside(IpPrefix prefix) {
        IpAddress network = prefix.network();
        int length = network.isV4() ? prefix.length() + 96 : prefix.length();
        long hostHigh = length >= 64 ? 0 : random.nextLong() & (-1L >>> length);
        long hostLow = length >= 128 ? 0
                : length <= 64 ? random.nextLong() : random.nextLong() & (-1L >>> (length - 64));
        return IpAddress.of(network.high() | hostHigh, network.low() | hostLow);
    }

    /** A random int in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /**
     * A URL-list entry (a Safe Browsing expression): about 30 % a whole host ("host/"), 30 % a directory
     * ("host/a/b/"), 40 % a page, a quarter of them with a query ("host/dir/page.php?id=7").
     */
    public String urlExpression() {
        StringBuilder sb = new StringBuilder(64);
        if (random.nextInt(4) == 0) {
            sb.append("www.");
        }
        sb.append(domain(2, 3)).append('/');
        int kind = random.nextInt(10);
        if (kind < 3) {
            return sb.toString();
        }
        int directories = 1 + random.nextInt(kind < 6 ? 3 : 2);
        for (int i = 0; i < directories; i++) {
            label(sb).append('/');
        }
        if (kind < 6) {
            return sb.toString();
        }
        label(sb).append(random.nextBoolean() ? ".php" : ".html");
        if (random.nextInt(4) == 0) {
            sb.append("?id=").append(random.nextInt(100_000));
        }
        return sb.toString();
    }

    private String[] suffixes() {
        Set<String> all = new LinkedHashSet<>(List.of(POPULAR));
        SplittableRandom own = new SplittableRandom(SEED ^ 0x5eedL);
        while (all.size() < SUFFIXES) {
            int length = 2 + own.nextInt(2);
            StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                sb.append((char) ('a' + own.nextInt(26)));
            }
            String s = sb.toString();
            if (!NEVER_SUFFIX.contains(s)) {
                all.add(s);
            }
        }
        return all.toArray(new String[0]);
    }

    private static int[] firstOctets() {
        Set<Integer> excluded = Set.of(0, 10, 100, 127, 169, 172, 192, 198);
        List<Integer> octets = new ArrayList<>();
        for (int o = 1; o < 224; o++) {
            if (!excluded.contains(o)) {
                octets.add(o);
            }
        }
        return octets.stream().mapToInt(Integer::intValue).toArray();
    }
}
