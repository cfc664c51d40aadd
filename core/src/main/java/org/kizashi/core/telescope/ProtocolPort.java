package org.kizashi.core.telescope;

/** A transport protocol and destination port, such as 2323/tcp. For ICMP, {@code port} is the ICMP type. */
public record ProtocolPort(int protocol, int port) implements Comparable<ProtocolPort> {
    public ProtocolPort {
        if (protocol < 0 || protocol > 255 || port < 0 || port > 65535) {
            throw new IllegalArgumentException("protocol 0-255 and port 0-65535 expected: " + protocol + "/" + port);
        }
    }

    /** Parses "2323/tcp". */
    public static ProtocolPort parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a port: \"" + text + "\" (expected for example 2323/tcp)");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(0, slash));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port: \"" + text + "\" (expected for example 2323/tcp)");
        }
        return new ProtocolPort(Protocols.number(text.substring(slash + 1)), port);
    }

    public String protocolName() {
        return Protocols.name(protocol);
    }

    @Override
    public int compareTo(ProtocolPort o) {
        return protocol != o.protocol ? Integer.compare(protocol, o.protocol) : Integer.compare(port, o.port);
    }

    @Override
    public String toString() {
        return port + "/" + protocolName();
    }
}
