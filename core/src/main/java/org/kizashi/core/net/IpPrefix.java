package org.kizashi.core.net;

import java.util.Objects;

/**
 * A CIDR prefix such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}. Stored as its first and last address in the
 * 16-byte form of {@link IpAddress}, so "which prefixes contain this address" is a range query any database indexes.
 */
public record IpPrefix(IpAddress network, int length) {
    public IpPrefix {
        Objects.requireNonNull(network, "network");
        int max = network.isV4() ? 32 : 128;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " out of range 0.." + max);
        }
        if (!masked(network, length).equals(network)) {
            throw new IllegalArgumentException("host bits set in " + network + "/" + length
                    + " (did you mean " + masked(network, length) + "/" + length + "?)");
        }
    }

    /** Parses "a.b.c.d/n", "x:y::/n" or a single address (a /32 or /128). Host bits must be zero. */
    public static IpPrefix parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("empty prefix");
        }
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash < 0) {
            IpAddress a = IpAddress.parse(t);
            return new IpPrefix(a, a.isV4() ? 32 : 128);
        }
        IpAddress network = IpAddress.parse(t.substring(0, slash));
        String lengthText = t.substring(slash + 1);
        if (lengthText.isEmpty() || lengthText.length() > 3 || !lengthText.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("invalid prefix length in '" + text + "'");
        }
        try {
            return new IpPrefix(network, Integer.parseInt(lengthText));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid prefix '" + text + "': " + e.getMessage(), e);
        }
    }

    /** The length counted in the 128-bit space (an IPv4 /24 is a /120 there). */
    private int length128() {
        return network.isV4() ? length + 96 : length;
    }

    public IpAddress first() {
        return network;
    }

    public IpAddress last() {
        byte[] b = network.toBytes();
        int bits = length128();
        for (int i = 0; i < 16; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            b[i] = (byte) (b[i] | (0xff >>> keep));
        }
        return IpAddress.fromBytes(b);
    }

    public boolean contains(IpAddress address) {
        return address.isV4() == network.isV4() && masked(address, length).equals(network);
    }

    private static IpAddress masked(IpAddress address, int length) {
        byte[] b = address.toBytes();
        int bits = address.isV4() ? length + 96 : length;
        for (int i = 0; i < 16; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            b[i] = (byte) (b[i] & (0xff << (8 - keep)));
        }
        return IpAddress.fromBytes(b);
    }

    @Override
    public String toString() {
        return network + "/" + length;
    }
}
