package org.kizashi.aggregate;

import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;

/**
 * Bucket keys packed into one long, so the bucket table needs no key objects and sorts by plain comparison:
 * resolution (2 bits) | kind (3 bits) | value (32 bits) | bucket number since the epoch (27 bits). Sorted as unsigned
 * numbers, keys group by resolution, then series, then time. 27 bits of minutes reach the year 2225.
 */
final class Keys {
    static final int BUCKET_BITS = 27;
    static final long BUCKET_MASK = (1L << BUCKET_BITS) - 1;
    private static final int VALUE_SHIFT = BUCKET_BITS;
    private static final int KIND_SHIFT = VALUE_SHIFT + 32;
    private static final int RESOLUTION_SHIFT = KIND_SHIFT + 3;

    static final int TOTAL = SeriesKey.Kind.TOTAL.ordinal();
    static final int CLASS = SeriesKey.Kind.CLASS.ordinal();
    static final int TAG = SeriesKey.Kind.TAG.ordinal();
    static final int PORT = SeriesKey.Kind.PORT.ordinal();
    static final int COUNTRY = SeriesKey.Kind.COUNTRY.ordinal();
    static final int ASN = SeriesKey.Kind.ASN.ordinal();

    private static final PacketClass[] CLASSES = PacketClass.values();
    private static final PacketTag[] TAGS = PacketTag.values();

    private Keys() {
    }

    /** Resolution and bucket part of a key; {@link #series} adds kind and value. */
    static long base(int resolution, long bucket) {
        return ((long) resolution << RESOLUTION_SHIFT) | bucket;
    }

    static long series(int kind, long value) {
        return ((long) kind << KIND_SHIFT) | (value << VALUE_SHIFT);
    }

    static long key(int resolution, int kind, long value, long bucket) {
        return base(resolution, bucket) | series(kind, value);
    }

    static int resolution(long key) {
        return (int) (key >>> RESOLUTION_SHIFT);
    }

    static int kind(long key) {
        return (int) (key >>> KIND_SHIFT) & 7;
    }

    static long value(long key) {
        return (key >>> VALUE_SHIFT) & 0xFFFF_FFFFL;
    }

    static long bucket(long key) {
        return key & BUCKET_MASK;
    }

    /** The key without its bucket number: equal for all buckets of one series at one resolution. */
    static long seriesOf(long key) {
        return key & ~BUCKET_MASK;
    }

    static long withValue(long key, long value) {
        return (key & ~(0xFFFF_FFFFL << VALUE_SHIFT)) | (value << VALUE_SHIFT);
    }

    static int portValue(int protocol, int port) {
        return ((protocol & 0xFF) << 16) | (port & 0xFFFF);
    }

    /** Two printable ASCII characters, upper-cased, as 16 bits; 0 (unknown) for anything else. */
    static int countryValue(String code) {
        if (code == null || code.length() != 2) {
            return 0;
        }
        int first = upper(code.charAt(0));
        int second = upper(code.charAt(1));
        if (first < 0x21 || first > 0x7E || second < 0x21 || second > 0x7E) {
            return 0;
        }
        return (first << 8) | second;
    }

    private static int upper(char c) {
        return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
    }

    static String countryCode(long value) {
        return value == 0 ? "" : new String(new char[] {(char) (value >>> 8), (char) (value & 0xFF)});
    }

    /** AS numbers are 32-bit; anything else is treated as unknown (0). */
    static long asnValue(long asn) {
        return asn < 0 || asn > 0xFFFF_FFFFL ? 0 : asn;
    }

    static long valueOf(SeriesKey key) {
        return switch (key) {
            case SeriesKey.Total t -> 0;
            case SeriesKey.ClassKey c -> c.packetClass().ordinal();
            case SeriesKey.TagKey t -> t.tag().ordinal();
            case SeriesKey.Port p -> portValue(p.protocol(), p.port());
            case SeriesKey.Country c -> countryValue(c.code());
            case SeriesKey.Asn a -> a.asn();
        };
    }

    static SeriesKey seriesKey(int kind, long value) {
        if (kind == TOTAL) {
            return SeriesKey.total();
        } else if (kind == CLASS) {
            return SeriesKey.of(CLASSES[(int) value]);
        } else if (kind == TAG) {
            return SeriesKey.of(TAGS[(int) value]);
        } else if (kind == PORT) {
            return port(value);
        } else if (kind == COUNTRY) {
            return SeriesKey.country(countryCode(value));
        } else if (kind == ASN) {
            return SeriesKey.asn(value);
        }
        throw new IllegalArgumentException("no series kind " + kind);
    }

    static SeriesKey.Port port(long portValue) {
        return SeriesKey.port((int) (portValue >>> 16) & 0xFF, (int) portValue & 0xFFFF);
    }
}
