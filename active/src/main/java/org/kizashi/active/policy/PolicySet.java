package org.kizashi.active.policy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.kizashi.core.active.DomainNames;
import org.kizashi.core.active.ListEntry;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.active.Trigger;
import org.kizashi.core.active.TriggerKind;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

/**
 * The entries of one policy zone, immutable, in a compact form for a million entries and more: one row per entry in
 * parallel arrays (kind, action, interned source and reason, times as seconds), the trigger keys in one byte arena,
 * and one open-addressing table of 64-bit key hashes. Lookups allocate nothing and follow RPZ precedence: an exact
 * name before a wildcard, a longer wildcard before a shorter one, a longer prefix before a shorter one.
 *
 * <p>Names are hashed from right to left so that one pass over a query name yields the hash of every parent domain
 * (the wildcard candidates) at once; keys are compared byte for byte after a hash hit, so a hash collision never
 * makes a false match.
 */
public final class PolicySet {
    /** Returned by the lookups when nothing matches. */
    public static final int NO_MATCH = -1;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final TriggerKind[] KINDS = TriggerKind.values();
    private static final PolicyAction[] ACTIONS = PolicyAction.values();
    private static final int ADDRESS_KEY_LENGTH = 17; // 16 address bytes, then the prefix length in the 128-bit space

    private final int size;
    private final byte[] kinds;
    private final byte[] actions;
    private final int[] keyStarts; // size + 1 offsets into keys
    private final byte[] keys;
    private final int[] sources;
    private final int[] reasons;
    private final int[] firstSeen; // unsigned seconds since the epoch
    private final int[] lastSeen;
    private final int[] expires; // 0: never
    private final String[] strings;
    private final long[] slotHashes;
    private final int[] slotIds; // entry id + 1; 0 is an empty slot
    private final int mask;
    /**
     * One bit in eight per name entry, set for each name key's hash: most query names and their parents are listed
     * nowhere, and this filter (a megabyte for a million names, so in cache) answers them without touching the table.
     */
    private final long[] nameFilter;
    private final int nameFilterMask;
    private final long[] responseLengths; // bit L of the pair: some IP trigger has length L (128-bit space)
    private final long[] clientLengths;

    private PolicySet(Builder b) {
        size = b.size;
        kinds = Arrays.copyOf(b.kinds, size);
        actions = Arrays.copyOf(b.actions, size);
        keyStarts = Arrays.copyOf(b.keyStarts, size + 1);
        keys = Arrays.copyOf(b.keys, b.keyStarts[size]);
        sources = Arrays.copyOf(b.sources, size);
        reasons = Arrays.copyOf(b.reasons, size);
        firstSeen = Arrays.copyOf(b.firstSeen, size);
        lastSeen = Arrays.copyOf(b.lastSeen, size);
        expires = Arrays.copyOf(b.expires, size);
        strings = b.strings.toArray(new String[0]);
        int capacity = tableCapacity(size);
        slotHashes = new long[capacity];
        slotIds = new int[capacity];
        mask = capacity - 1;
        for (int id = 0; id < size; id++) {
            long hash = b.hashes[id];
            int slot = (int) hash & mask;
            while (slotIds[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slotHashes[slot] = hash;
            slotIds[slot] = id + 1;
        }
        int names = 0;
        for (int id = 0; id < size; id++) {
            if (kinds[id] == TriggerKind.DOMAIN.ordinal() || kinds[id] == TriggerKind.WILDCARD.ordinal()) {
                names++;
            }
        }
        int filterBits = Integer.highestOneBit(Math.max(64, names * 8 - 1)) << 1;
        nameFilter = new long[filterBits >>> 6];
        nameFilterMask = filterBits - 1;
        for (int id = 0; id < size; id++) {
            if (kinds[id] == TriggerKind.DOMAIN.ordinal() || kinds[id] == TriggerKind.WILDCARD.ordinal()) {
                long hash = b.hashes[id];
                setFilterBit((int) (hash >>> 20));
                setFilterBit((int) (hash >>> 44));
            }
        }
        responseLengths = b.responseLengths.clone();
        clientLengths = b.clientLengths.clone();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An empty set (a zone with no entries yet). */
    public static PolicySet empty() {
        return new Builder().build();
    }

    public int size() {
        return size;
    }

    /**
     * The entry matching a query name: the exact name if listed, else the longest listed wildcard above it.
     * Accepts any case and a trailing dot; a name with non-ASCII characters is converted to punycode first.
     *
     * @return the entry id, or {@link #NO_MATCH}
     */
    public int lookupName(CharSequence qname) {
        int end = qname.length();
        if (end > 0 && qname.charAt(end - 1) == '.') {
            end--;
        }
        if (end == 0) {
            return NO_MATCH;
        }
        for (int i = 0; i < end; i++) {
            if (qname.charAt(i) >= 0x80) {
                return lookupCanonical(qname.toString());
            }
        }
        return lookupAscii(qname, end);
    }

    private int lookupCanonical(String qname) {
        String canonical;
        try {
            canonical = DomainNames.canonical(qname);
        } catch (IllegalArgumentException e) {
            return NO_MATCH;
        }
        return lookupAscii(canonical, canonical.length());
    }

    private int lookupAscii(CharSequence name, int end) {
        long h = NameHash.SEED;
        int wildcard = NO_MATCH;
        for (int i = end - 1; i >= 0; i--) {
            h = NameHash.step(h, lower(name.charAt(i)));
            if (i > 0 && name.charAt(i - 1) == '.') {
                // name[i, end) is a parent of the query name: a wildcard listed for it matches. Later hits are
                // longer parents, which RPZ prefers, so the last one found wins.
                int id = findName(NameHash.finish(h, TriggerKind.WILDCARD), TriggerKind.WILDCARD, name, i, end);
                if (id != NO_MATCH) {
                    wildcard = id;
                }
            }
        }
        int exact = findName(NameHash.finish(h, TriggerKind.DOMAIN), TriggerKind.DOMAIN, name, 0, end);
        return exact != NO_MATCH ? exact : wildcard;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private void setFilterBit(int bit) {
        int b = bit & nameFilterMask;
        nameFilter[b >>> 6] |= 1L << (b & 63);
    }

    private boolean mayBeListed(long hash) {
        int first = (int) (hash >>> 20) & nameFilterMask;
        int second = (int) (hash >>> 44) & nameFilterMask;
        return (nameFilter[first >>> 6] & (1L << (first & 63))) != 0
                && (nameFilter[second >>> 6] & (1L << (second & 63))) != 0;
    }

    private int findName(long hash, TriggerKind kind, CharSequence name, int from, int end) {
        if (!mayBeListed(hash)) {
            return NO_MATCH;
        }
        for (int slot = (int) hash & mask; slotIds[slot] != 0; slot = (slot + 1) & mask) {
            if (slotHashes[slot] != hash) {
                continue;
            }
            int id = slotIds[slot] - 1;
            if (kinds[id] == kind.ordinal() && keyEquals(id, name, from, end)) {
                return id;
            }
        }
        return NO_MATCH;
    }

    private boolean keyEquals(int id, CharSequence name, int from, int end) {
        int start = keyStarts[id];
        if (keyStarts[id + 1] - start != end - from) {
            return false;
        }
        for (int i = from; i < end; i++) {
            if (keys[start + i - from] != lower(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The entry for an address in an answer (rpz-ip): the longest listed prefix containing it, or NO_MATCH. */
    public int lookupResponseAddress(IpAddress address) {
        return lookupAddress(address, TriggerKind.IP, responseLengths);
    }

    /** The entry for the client's own address (rpz-client-ip): the longest listed prefix, or NO_MATCH. */
    public int lookupClient(IpAddress address) {
        return lookupAddress(address, TriggerKind.CLIENT_IP, clientLengths);
    }

    private int lookupAddress(IpAddress address, TriggerKind kind, long[] lengths) {
        long high = address.high();
        long low = address.low();
        int shortest = address.isV4() ? 96 : 0;
        for (int length = 128; length >= shortest; length--) {
            if ((lengths[length >>> 6] & (1L << (length & 63))) == 0) {
                continue;
            }
            long maskedHigh = high & AddressKeys.highMask(length);
            long maskedLow = low & AddressKeys.lowMask(length);
            long hash = AddressKeys.hash(maskedHigh, maskedLow, length, kind);
            for (int slot = (int) hash & mask; slotIds[slot] != 0; slot = (slot + 1) & mask) {
                if (slotHashes[slot] != hash) {
                    continue;
                }
                int id = slotIds[slot] - 1;
                int start = keyStarts[id];
                if (kinds[id] == kind.ordinal() && (long) LONGS.get(keys, start) == maskedHigh
                        && (long) LONGS.get(keys, start + 8) == maskedLow && (keys[start + 16] & 0xff) == length) {
                    return id;
                }
            }
        }
        return NO_MATCH;
    }

    /** The entry with exactly this trigger, or NO_MATCH (for diffs and duplicate checks). */
    public int find(Trigger trigger) {
        Key key = Key.of(trigger);
        for (int slot = (int) key.hash & mask; slotIds[slot] != 0; slot = (slot + 1) & mask) {
            int id = slotIds[slot] - 1;
            if (slotHashes[slot] == key.hash && kinds[id] == trigger.kind().ordinal()
                    && Arrays.equals(keys, keyStarts[id], keyStarts[id + 1], key.bytes, 0, key.bytes.length)) {
                return id;
            }
        }
        return NO_MATCH;
    }

    public TriggerKind kind(int id) {
        return KINDS[kinds[id]];
    }

    public PolicyAction action(int id) {
        return ACTIONS[actions[id]];
    }

    /** The domain of a name trigger (without "*."), in canonical form. */
    public String name(int id) {
        return new String(keys, keyStarts[id], keyStarts[id + 1] - keyStarts[id], StandardCharsets.US_ASCII);
    }

    /** The prefix of an address trigger. */
    public IpPrefix prefix(int id) {
        int start = keyStarts[id];
        long high = (long) LONGS.get(keys, start);
        long low = (long) LONGS.get(keys, start + 8);
        IpAddress network = IpAddress.of(high, low);
        int length = keys[start + 16] & 0xff;
        return new IpPrefix(network, network.isV4() ? length - 96 : length);
    }

    public Trigger trigger(int id) {
        return switch (kind(id)) {
            case DOMAIN -> new Trigger(TriggerKind.DOMAIN, name(id));
            case WILDCARD -> new Trigger(TriggerKind.WILDCARD, name(id));
            case IP -> Trigger.ip(prefix(id));
            case CLIENT_IP -> Trigger.clientIp(prefix(id));
            case URL -> throw new IllegalStateException("no URL triggers in a policy set");
        };
    }

    public String source(int id) {
        return strings[sources[id]];
    }

    public String reason(int id) {
        return strings[reasons[id]];
    }

    public Instant expires(int id) {
        return expires[id] == 0 ? null : Instant.ofEpochSecond(Integer.toUnsignedLong(expires[id]));
    }

    /** The whole entry (allocates; for pages, diffs and exports rather than per-query work). */
    public ListEntry entry(int id) {
        return new ListEntry(trigger(id), action(id), source(id), reason(id),
                Instant.ofEpochSecond(Integer.toUnsignedLong(firstSeen[id])),
                Instant.ofEpochSecond(Integer.toUnsignedLong(lastSeen[id])), expires(id));
    }

    /** Whether entry {@code id} and entry {@code otherId} of {@code other} publish the same record. */
    public boolean samePolicy(int id, PolicySet other, int otherId) {
        return kinds[id] == other.kinds[otherId] && actions[id] == other.actions[otherId]
                && Arrays.equals(keys, keyStarts[id], keyStarts[id + 1],
                other.keys, other.keyStarts[otherId], other.keyStarts[otherId + 1]);
    }

    /** Bytes held by this set's arrays (the benchmark's memory per entry); strings are counted by their length. */
    public long memoryBytes() {
        long bytes = kinds.length + actions.length + keys.length
                + 4L * (keyStarts.length + sources.length + reasons.length + firstSeen.length + lastSeen.length
                + expires.length + slotIds.length) + 8L * (slotHashes.length + nameFilter.length) + 16L * 4;
        for (String s : strings) {
            bytes += 40 + s.length();
        }
        return bytes;
    }

    private static int tableCapacity(int entries) {
        // Load at most 2/3: short probe sequences at about 12 bytes of table per slot.
        int capacity = Integer.highestOneBit(Math.max(4, entries + entries / 2)) << 1;
        return capacity;
    }

    /** A trigger's key bytes and hash, as stored. */
    private record Key(byte[] bytes, long hash) {
        static Key of(Trigger trigger) {
            return switch (trigger.kind()) {
                case DOMAIN, WILDCARD -> {
                    byte[] bytes = trigger.value().getBytes(StandardCharsets.US_ASCII);
                    yield new Key(bytes, NameHash.of(bytes, trigger.kind()));
                }
                case IP, CLIENT_IP -> {
                    IpPrefix prefix = trigger.prefix().orElseThrow();
                    IpAddress network = prefix.network();
                    int length = network.isV4() ? prefix.length() + 96 : prefix.length();
                    byte[] bytes = new byte[ADDRESS_KEY_LENGTH];
                    LONGS.set(bytes, 0, network.high());
                    LONGS.set(bytes, 8, network.low());
                    bytes[16] = (byte) length;
                    yield new Key(bytes, AddressKeys.hash(network.high(), network.low(), length, trigger.kind()));
                }
                case URL -> throw new IllegalArgumentException(
                        "a URL entry (" + trigger + ") belongs to the URL list, not to a DNS policy zone");
            };
        }
    }

    /** What {@link Builder#add} did with an entry. */
    public enum Added {
        /** A new trigger. */
        ADDED,
        /** The trigger was there with the same action: times merged, source and reason of the first kept. */
        MERGED,
        /** The trigger was there with another action: the first action kept. */
        CONFLICT
    }

    /** Collects entries; one entry per trigger. Not thread-safe. */
    public static final class Builder {
        private int size;
        private byte[] kinds = new byte[16];
        private byte[] actions = new byte[16];
        private int[] keyStarts = new int[17];
        private byte[] keys = new byte[256];
        private int[] sources = new int[16];
        private int[] reasons = new int[16];
        private int[] firstSeen = new int[16];
        private int[] lastSeen = new int[16];
        private int[] expires = new int[16];
        private long[] hashes = new long[16];
        private final java.util.List<String> strings = new java.util.ArrayList<>();
        private final Map<String, Integer> stringIds = new HashMap<>();
        private final long[] responseLengths = new long[3];
        private final long[] clientLengths = new long[3];
        private int[] table = new int[32]; // entry id + 1 by hash, for duplicates while building
        private int tableMask = 31;

        private Builder() {
        }

        public int size() {
            return size;
        }

        public Added add(ListEntry entry) {
            return add(entry.trigger(), entry.action(), entry.source(), entry.reason(), entry.firstSeen(),
                    entry.lastSeen(), entry.expires());
        }

        /** Adds one entry, or merges it into the entry with the same trigger. */
        public Added add(Trigger trigger, PolicyAction action, String source, String reason, Instant firstSeenAt,
                         Instant lastSeenAt, Instant expiresAt) {
            Key key = Key.of(trigger);
            int slot = (int) key.hash & tableMask;
            for (int id; (id = table[slot] - 1) >= 0; slot = (slot + 1) & tableMask) {
                if (hashes[id] == key.hash && kinds[id] == trigger.kind().ordinal()
                        && Arrays.equals(keys, keyStarts[id], keyStarts[id + 1], key.bytes, 0, key.bytes.length)) {
                    return merge(id, action, firstSeenAt, lastSeenAt, expiresAt);
                }
            }
            grow();
            int id = size++;
            kinds[id] = (byte) trigger.kind().ordinal();
            actions[id] = (byte) action.ordinal();
            int start = keyStarts[id];
            if (start + key.bytes.length > keys.length) {
                keys = Arrays.copyOf(keys, Math.max(keys.length * 2, start + key.bytes.length));
            }
            System.arraycopy(key.bytes, 0, keys, start, key.bytes.length);
            keyStarts[id + 1] = start + key.bytes.length;
            sources[id] = intern(source);
            reasons[id] = intern(reason == null ? "" : reason);
            firstSeen[id] = seconds(firstSeenAt);
            lastSeen[id] = seconds(lastSeenAt);
            expires[id] = expiresAt == null ? 0 : expirySeconds(expiresAt);
            hashes[id] = key.hash;
            if (trigger.kind() == TriggerKind.IP || trigger.kind() == TriggerKind.CLIENT_IP) {
                int length = key.bytes[16] & 0xff;
                long[] lengths = trigger.kind() == TriggerKind.IP ? responseLengths : clientLengths;
                lengths[length >>> 6] |= 1L << (length & 63);
            }
            table[slot] = id + 1;
            if (size * 3 > table.length * 2) {
                rehash();
            }
            return Added.ADDED;
        }

        private Added merge(int id, PolicyAction action, Instant first, Instant last, Instant expiresAt) {
            firstSeen[id] = (int) Math.min(Integer.toUnsignedLong(firstSeen[id]), Integer.toUnsignedLong(seconds(first)));
            lastSeen[id] = (int) Math.max(Integer.toUnsignedLong(lastSeen[id]), Integer.toUnsignedLong(seconds(last)));
            if (expires[id] != 0) {
                // The entry holds as long as one of its sources says so.
                expires[id] = expiresAt == null ? 0
                        : (int) Math.max(Integer.toUnsignedLong(expires[id]),
                        Integer.toUnsignedLong(expirySeconds(expiresAt)));
            }
            return actions[id] == action.ordinal() ? Added.MERGED : Added.CONFLICT;
        }

        private static int seconds(Instant instant) {
            long s = Math.max(0, Math.min(instant.getEpochSecond(), 0xffff_ffffL));
            return (int) s;
        }

        /** 0 stands for "never", so an expiry at or before the epoch is kept as one second after it. */
        private static int expirySeconds(Instant instant) {
            return Math.max(1, seconds(instant));
        }

        private int intern(String s) {
            Integer id = stringIds.get(s);
            if (id == null) {
                id = strings.size();
                strings.add(s);
                stringIds.put(s, id);
            }
            return id;
        }

        private void grow() {
            if (size < kinds.length) {
                return;
            }
            int n = kinds.length * 2;
            kinds = Arrays.copyOf(kinds, n);
            actions = Arrays.copyOf(actions, n);
            keyStarts = Arrays.copyOf(keyStarts, n + 1);
            sources = Arrays.copyOf(sources, n);
            reasons = Arrays.copyOf(reasons, n);
            firstSeen = Arrays.copyOf(firstSeen, n);
            lastSeen = Arrays.copyOf(lastSeen, n);
            expires = Arrays.copyOf(expires, n);
            hashes = Arrays.copyOf(hashes, n);
        }

        private void rehash() {
            table = new int[table.length * 2];
            tableMask = table.length - 1;
            for (int id = 0; id < size; id++) {
                int slot = (int) hashes[id] & tableMask;
                while (table[slot] != 0) {
                    slot = (slot + 1) & tableMask;
                }
                table[slot] = id + 1;
            }
        }

        public PolicySet build() {
            return new PolicySet(this);
        }
    }
}
