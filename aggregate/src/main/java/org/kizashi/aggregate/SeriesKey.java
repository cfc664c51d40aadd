package org.kizashi.aggregate;

import java.util.Objects;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;
import org.kizashi.core.telescope.ProtocolPort;
import org.kizashi.core.telescope.Protocols;

/**
 * What a time series counts: all packets, or those of one packet class, tag, destination port, source country or
 * source autonomous system. Keys order by kind, then by value (protocol and port numerically, country codes
 * alphabetically), which is also the order of {@link DarknetSummary#series()}.
 */
public sealed interface SeriesKey extends Comparable<SeriesKey>
        permits SeriesKey.Total, SeriesKey.ClassKey, SeriesKey.TagKey, SeriesKey.Port, SeriesKey.Country,
        SeriesKey.Asn {

    /** The kinds of key. The declaration order is part of the binary form of the accumulator: only append. */
    enum Kind {
        TOTAL, CLASS, TAG, PORT, COUNTRY, ASN
    }

    Kind kind();

    @Override
    default int compareTo(SeriesKey other) {
        int byKind = kind().compareTo(other.kind());
        return byKind != 0 ? byKind : Long.compare(Keys.valueOf(this), Keys.valueOf(other));
    }

    static Total total() {
        return Total.INSTANCE;
    }

    static ClassKey of(PacketClass packetClass) {
        return new ClassKey(packetClass);
    }

    static TagKey of(PacketTag tag) {
        return new TagKey(tag);
    }

    static Port port(int protocol, int port) {
        return new Port(protocol, port);
    }

    static Country country(String code) {
        return new Country(code);
    }

    static Asn asn(long asn) {
        return new Asn(asn);
    }

    /** Every packet. */
    record Total() implements SeriesKey {
        static final Total INSTANCE = new Total();

        @Override
        public Kind kind() {
            return Kind.TOTAL;
        }
    }

    record ClassKey(PacketClass packetClass) implements SeriesKey {
        public ClassKey {
            Objects.requireNonNull(packetClass, "packetClass");
        }

        @Override
        public Kind kind() {
            return Kind.CLASS;
        }
    }

    record TagKey(PacketTag tag) implements SeriesKey {
        public TagKey {
            Objects.requireNonNull(tag, "tag");
        }

        @Override
        public Kind kind() {
            return Kind.TAG;
        }
    }

    /**
     * A destination port of one IP protocol; for ICMP and ICMPv6 the message type stands in for the port, for
     * protocols without ports it is 0.
     */
    record Port(int protocol, int port) implements SeriesKey {
        public Port {
            if (protocol < 0 || protocol > 255 || port < 0 || port > 65_535) {
                throw new IllegalArgumentException("no such protocol/port: " + protocol + "/" + port);
            }
        }

        @Override
        public Kind kind() {
            return Kind.PORT;
        }

        /** As the core record, which prints the way people write ports ({@code 23/tcp}). */
        public ProtocolPort protocolPort() {
            return new ProtocolPort(protocol, port);
        }

        /** {@code tcp/23}, {@code udp/53}, {@code icmp/8}, or the protocol number for others ({@code 47/0}). */
        @Override
        public String toString() {
            return Protocols.name(protocol) + "/" + port;
        }
    }

    /** Source country, ISO 3166-1 alpha-2 in upper case, or "" when unknown. */
    record Country(String code) implements SeriesKey {
        public Country {
            Objects.requireNonNull(code, "code");
            if (!code.isEmpty() && Keys.countryValue(code) == 0) {
                throw new IllegalArgumentException("not a two-letter country code: '" + code + "'");
            }
            code = Keys.countryCode(Keys.countryValue(code));
        }

        @Override
        public Kind kind() {
            return Kind.COUNTRY;
        }
    }

    /** Source autonomous system, 0 when unknown. */
    record Asn(long asn) implements SeriesKey {
        public Asn {
            if (asn < 0 || asn > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("not an AS number: " + asn);
            }
        }

        @Override
        public Kind kind() {
            return Kind.ASN;
        }
    }
}
