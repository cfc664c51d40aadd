package org.kizashi.core.telescope;

/** Names of IP protocol numbers as shown to people and in JSON. */
public final class Protocols {
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMPV6 = 58;

    private Protocols() {
    }

    /** "tcp", "udp", "icmp", "icmpv6", else the number. */
    public static String name(int protocol) {
        return switch (protocol) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMP -> "icmp";
            case ICMPV6 -> "icmpv6";
            default -> String.valueOf(protocol);
        };
    }

    /** The inverse of {@link #name(int)}. */
    public static int number(String name) {
        return switch (name) {
            case "tcp" -> TCP;
            case "udp" -> UDP;
            case "icmp" -> ICMP;
            case "icmpv6" -> ICMPV6;
            default -> {
                try {
                    int n = Integer.parseInt(name);
                    if (n < 0 || n > 255) {
                        throw new NumberFormatException();
                    }
                    yield n;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not an IP protocol: \"" + name
                            + "\" (tcp, udp, icmp, icmpv6 or a number 0-255)");
                }
            }
        };
    }
}
