package org.kizashi.active.subscriber;

/**
 * The source ports a carrier-grade NAT gives one subscriber on a shared public address (a port block), inclusive at
 * both ends as NAT logs and RADIUS port-block attributes write them.
 */
public record PortRange(int first, int last) {
    static final int MAX_PORT = 65535;

    public PortRange {
        if (first < 0 || last > MAX_PORT || first > last) {
            throw new IllegalArgumentException("invalid port range " + first + "-" + last);
        }
    }

    /** Parses {@code 1024-2047} (a single number is a block of one port). */
    public static PortRange parse(String text) {
        String t = text == null ? "" : text.trim();
        int dash = t.indexOf('-', 1);
        try {
            if (dash < 0) {
                int port = Integer.parseInt(t);
                return new PortRange(port, port);
            }
            return new PortRange(Integer.parseInt(t.substring(0, dash).trim()),
                    Integer.parseInt(t.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port range '" + text + "'", e);
        }
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public boolean overlaps(PortRange other) {
        return first <= other.last && other.first <= last;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
