package org.kizashi.active.url;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Listed URLs, matched in process the way Safe Browsing matches them: a URL matches an entry when one of its lookup
 * expressions ({@link SafeBrowsingUrls#expressions}) is the entry's expression. So {@code evil.example/} covers every
 * URL on that host and its subdomains, {@code evil.example/dl/} everything below that directory, and
 * {@code evil.example/a.php?id=7} only that page with exactly that query.
 *
 * <p>Built for the warning proxy's request path: entries are 64-bit hashes in an open-addressing table (a miss reads
 * only one long array), the expression bytes sit in one arena and are compared on every hash hit, so a hash collision
 * never blocks a URL that is not listed. A small filter of the listed hosts, which stays in the processor cache,
 * spares the path lookups (each a likely cache miss in a large table) for hosts that have no entry at all.
 * Immutable and safe to share between threads.
 */
public final class UrlList {
    /** Tables are at most this full, so that a miss probes about two slots. */
    private static final double MAX_LOAD = 0.6;
    /** Marks a free slot; a real hash of this value is stored as {@link #ZERO_HASH_STAND_IN}. */
    private static final long FREE = 0L;
    private static final long ZERO_HASH_STAND_IN = 1L;

    private final ExpressionHash hash;
    private final long[] slotHashes;
    private final int[] slotEntries;
    private final int slotMask;
    private final byte[] texts;
    private final int[] textStarts;
    private final int[] entryIds;
    private final HostFilter hosts;

    private UrlList(ExpressionHash hash, long[] slotHashes, int[] slotEntries, byte[] texts, int[] textStarts,
                    int[] entryIds) {
        this.hash = hash;
        this.hosts = new HostFilter(hash, texts, textStarts);
        this.slotHashes = slotHashes;
        this.slotEntries = slotEntries;
        this.slotMask = slotHashes.length - 1;
        this.texts = texts;
        this.textStarts = textStarts;
        this.entryIds = entryIds;
    }

    /** The entry that matched: its expression (canonical "host/path") and the id it was added with. */
    public record Match(String expression, int entryId) {
    }

    public static Builder builder() {
        return new Builder(Komihash.INSTANCE);
    }

    /**
     * The expression a URL in a block list stands for: canonical host and path, and "?query" when the query is not
     * empty; scheme, port, user info and fragment are dropped. {@code "http://Evil.Example:8080/"} and
     * {@code "evil.example"} both give {@code "evil.example/"}, which covers the whole host.
     *
     * @throws IllegalArgumentException naming the URL when it has no valid host
     */
    public static String expressionOf(String listedUrl) {
        return UrlCanonicalizer.parse(listedUrl).fullExpression();
    }

    /**
     * The most specific entry matching {@code url}: the exact host before its suffixes, and for each host the path
     * with query, the path, then shorter directory prefixes.
     *
     * @throws IllegalArgumentException naming the URL when it has no valid host
     */
    public Optional<Match> match(String url) {
        CanonicalUrl canonical = UrlCanonicalizer.parse(url);
        byte[] bytes = canonical.expressionBytes();
        int[] ends = canonical.pathPrefixEnds();
        int hostEnd = canonical.hostLength();
        for (int start : canonical.hostSuffixStarts()) {
            if (!hosts.mightContain(bytes, start, hostEnd)) {
                continue;
            }
            for (int k = ends.length - 1; k >= 0; k--) {
                int entry = find(bytes, start, ends[k]);
                if (entry >= 0) {
                    return Optional.of(new Match(canonical.text(start, ends[k]), entryIds[entry]));
                }
            }
        }
        return Optional.empty();
    }

    /** The number of distinct expressions. */
    public int size() {
        return entryIds.length;
    }

    /** The index of the entry whose expression is {@code bytes[from, to)}, or -1. */
    private int find(byte[] bytes, int from, int to) {
        long h = storedHash(hash.hash(bytes, from, to - from));
        for (int slot = (int) h & slotMask; ; slot = (slot + 1) & slotMask) {
            long slotHash = slotHashes[slot];
            if (slotHash == FREE) {
                return -1;
            }
            if (slotHash == h) {
                int entry = slotEntries[slot];
                if (Arrays.equals(texts, textStarts[entry], textStarts[entry + 1], bytes, from, to)) {
                    return entry;
                }
            }
        }
    }

    private static long storedHash(long h) {
        return h == FREE ? ZERO_HASH_STAND_IN : h;
    }

    private static int tableSize(int entries) {
        return powerOfTwoAtLeast((int) Math.ceil(entries / MAX_LOAD) + 1);
    }

    private static int powerOfTwoAtLeast(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /** Collects entries; {@link #build()} may be called more than once. Not thread-safe. */
    public static final class Builder {
        private final ExpressionHash hash;
        private byte[] texts = new byte[1024];
        private int textLength;
        private int[] textStarts = new int[65];
        private int[] entryIds = new int[64];
        private int count;

        Builder(ExpressionHash hash) {
            this.hash = Objects.requireNonNull(hash, "hash");
        }

        /**
         * Adds an entry. {@code expression} is normally an expression from {@link UrlList#expressionOf} or
         * {@link SafeBrowsingUrls#expressions}; it is canonicalised again, so a listed URL works as well. When the
         * same expression is added twice, the first entry id is kept.
         *
         * @throws IllegalArgumentException naming the expression when it has no valid host
         */
        public Builder add(String expression, int entryId) {
            byte[] text = expressionOf(expression).getBytes(StandardCharsets.ISO_8859_1);
            if (textLength + text.length > texts.length) {
                texts = Arrays.copyOf(texts, Math.max(texts.length * 2, textLength + text.length));
            }
            System.arraycopy(text, 0, texts, textLength, text.length);
            if (count == entryIds.length) {
                entryIds = Arrays.copyOf(entryIds, count * 2);
                textStarts = Arrays.copyOf(textStarts, count * 2 + 1);
            }
            textStarts[count] = textLength;
            entryIds[count] = entryId;
            count++;
            textLength += text.length;
            textStarts[count] = textLength;
            return this;
        }

        /** The list of the entries added so far, duplicates dropped, in a table sized to them. */
        public UrlList build() {
            int size = tableSize(count);
            long[] slotHashes = new long[size];
            int[] slotEntries = new int[size];
            int mask = size - 1;
            int[] kept = new int[count];
            int keptCount = 0;
            for (int i = 0; i < count; i++) {
                long h = storedHash(hash.hash(texts, textStarts[i], textStarts[i + 1] - textStarts[i]));
                int slot = (int) h & mask;
                boolean duplicate = false;
                while (slotHashes[slot] != FREE) {
                    int other = kept[slotEntries[slot]];
                    if (slotHashes[slot] == h && Arrays.equals(texts, textStarts[other], textStarts[other + 1],
                            texts, textStarts[i], textStarts[i + 1])) {
                        duplicate = true;
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
                if (!duplicate) {
                    slotHashes[slot] = h;
                    slotEntries[slot] = keptCount;
                    kept[keptCount++] = i;
                }
            }
            return new UrlList(hash, slotHashes, slotEntries, keptTexts(kept, keptCount),
                    keptTextStarts(kept, keptCount), keptIds(kept, keptCount));
        }

        private byte[] keptTexts(int[] kept, int keptCount) {
            int length = 0;
            for (int k = 0; k < keptCount; k++) {
                length += textStarts[kept[k] + 1] - textStarts[kept[k]];
            }
            byte[] out = new byte[length];
            int at = 0;
            for (int k = 0; k < keptCount; k++) {
                int from = textStarts[kept[k]];
                int to = textStarts[kept[k] + 1];
                System.arraycopy(texts, from, out, at, to - from);
                at += to - from;
            }
            return out;
        }

        private int[] keptTextStarts(int[] kept, int keptCount) {
            int[] starts = new int[keptCount + 1];
            for (int k = 0; k < keptCount; k++) {
                starts[k + 1] = starts[k] + textStarts[kept[k] + 1] - textStarts[kept[k]];
            }
            return starts;
        }

        private int[] keptIds(int[] kept, int keptCount) {
            int[] ids = new int[keptCount];
            for (int k = 0; k < keptCount; k++) {
                ids[k] = entryIds[kept[k]];
            }
            return ids;
        }
    }

    /**
     * The hosts of the entries as a blocked Bloom filter: three bits in one 64-bit word per host, about 16 bits per
     * entry, so a host with no entry is turned away with one read that is usually in cache (about 1% get through).
     */
    private static final class HostFilter {
        private static final int BITS_PER_HOST = 16;

        private final ExpressionHash hash;
        private final long[] words;
        private final int wordMask;

        HostFilter(ExpressionHash hash, byte[] texts, int[] textStarts) {
            this.hash = hash;
            int entries = textStarts.length - 1;
            int wanted = Math.max(1, (int) ((long) entries * BITS_PER_HOST / Long.SIZE));
            this.words = new long[powerOfTwoAtLeast(wanted)];
            this.wordMask = words.length - 1;
            for (int e = 0; e < entries; e++) {
                int hostEnd = textStarts[e];
                while (texts[hostEnd] != '/') {
                    hostEnd++;
                }
                long h = hash.hash(texts, textStarts[e], hostEnd - textStarts[e]);
                words[index(h)] |= bits(h);
            }
        }

        boolean mightContain(byte[] bytes, int from, int to) {
            long h = hash.hash(bytes, from, to - from);
            long bits = bits(h);
            return (words[index(h)] & bits) == bits;
        }

        private int index(long h) {
            return (int) (h >>> 32) & wordMask;
        }

        private static long bits(long h) {
            return (1L << h) | (1L << (h >>> 6)) | (1L << (h >>> 12));
        }
    }

    /** The 64-bit hash of an expression's bytes; tests substitute a colliding one to check the byte comparison. */
    @FunctionalInterface
    interface ExpressionHash {
        long hash(byte[] bytes, int offset, int length);
    }

    private enum Komihash implements ExpressionHash {
        INSTANCE;

        private static final Hasher64 HASHER = Hashing.komihash5_0();

        @Override
        public long hash(byte[] bytes, int offset, int length) {
            return HASHER.hashBytesToLong(bytes, offset, length);
        }
    }
}
