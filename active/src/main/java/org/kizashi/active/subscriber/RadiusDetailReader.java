package org.kizashi.active.subscriber;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

/**
 * Reads FreeRADIUS accounting "detail" files: records separated by blank lines, each a date line (the server's local
 * time) followed by indented {@code Attribute = value} lines. Each record becomes one accounting event for
 * {@link RadiusSessions}; a record that cannot be used is reported with its line and skipped.
 */
final class RadiusDetailReader {
    private static final String[] NAT_PUBLIC_ADDRESS =
            {"nat-public-ip", "nat-public-ip-address", "nat-public-address", "nat-ip-address"};
    private static final String[] PORT_RANGE = {"nat-port-range", "port-range", "nat-port-block", "port-block-range"};
    private static final String[] PORT_START = {"port-block-start", "nat-port-start", "nat-port-block-start"};
    private static final String[] PORT_END = {"port-block-end", "nat-port-end", "nat-port-block-end"};
    private static final String[] PORT_SIZE = {"port-block-size", "nat-port-block-size"};
    private static final String[] NAS = {"nas-ip-address", "nas-ipv6-address", "nas-identifier"};

    private final ZoneId zone;
    private final RadiusSessions sessions;
    private final List<ImportProblem> problems;

    RadiusDetailReader(ZoneId zone, RadiusSessions sessions, List<ImportProblem> problems) {
        this.zone = zone;
        this.sessions = sessions;
        this.problems = problems;
    }

    /** Reads one file; returns the number of records read (used or not). */
    int read(BufferedReader in, String source) throws IOException {
        Record record = null;
        int records = 0;
        int lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                interpret(record);
                record = null;
            } else if (!Character.isWhitespace(line.charAt(0))) {
                interpret(record);
                record = new Record(new SourceLine(source, lineNumber), line);
                records++;
            } else if (record == null) {
                problem(new SourceLine(source, lineNumber),
                        "attribute line outside a record (no date line before it)");
            } else {
                int equals = line.indexOf('=');
                if (equals < 0) {
                    problem(new SourceLine(source, lineNumber),
                            "not an 'Attribute = value' line: '" + line.strip() + "'");
                    continue;
                }
                String name = line.substring(0, equals).strip().toLowerCase(Locale.ROOT);
                String value = unquote(line.substring(equals + 1).strip());
                record.attributes.putIfAbsent(name, new Attribute(value, new SourceLine(source, lineNumber)));
            }
        }
        interpret(record);
        return records;
    }

    private void interpret(Record record) {
        if (record == null) {
            return;
        }
        try {
            accept(record);
        } catch (RecordException e) {
            problem(e.where, e.getMessage());
        }
    }

    private void accept(Record r) {
        Attribute status = r.require("acct-status-type", "Acct-Status-Type");
        RadiusSessions.Kind kind = kind(status);
        Instant time = eventTime(r);
        String nas = r.first(NAS) == null ? "" : r.first(NAS).value;
        if (kind == RadiusSessions.Kind.NAS_RESTART) {
            if (nas.isEmpty()) {
                throw new RecordException(r.where, status.value + " without NAS-IP-Address or NAS-Identifier");
            }
            sessions.nasRestarted(nas, time, r.where);
            return;
        }
        String sessionId = r.require("acct-session-id", "Acct-Session-Id").value;
        String user = r.require("user-name", "User-Name").value;
        Long sessionSeconds = null;
        Attribute sessionTime = r.get("acct-session-time");
        if (sessionTime != null) {
            if (!LeaseTimes.isDigits(sessionTime.value) || sessionTime.value.length() > 10) {
                throw new RecordException(sessionTime.where, "invalid Acct-Session-Time '" + sessionTime.value + "'");
            }
            sessionSeconds = Long.parseLong(sessionTime.value);
        }
        if (user.isBlank()) {
            throw new RecordException(r.where, "empty User-Name");
        }
        for (Target target : targets(r)) {
            sessions.accept(new RadiusSessions.Event(kind, time, sessionId, user, nas, target.addresses, target.ports,
                    sessionSeconds, r.where), problems);
        }
    }

    private static RadiusSessions.Kind kind(Attribute status) {
        return switch (status.value.toLowerCase(Locale.ROOT)) {
            case "start", "1" -> RadiusSessions.Kind.START;
            case "stop", "2" -> RadiusSessions.Kind.STOP;
            case "interim-update", "alive", "3" -> RadiusSessions.Kind.INTERIM;
            case "accounting-on", "accounting-off", "7", "8" -> RadiusSessions.Kind.NAS_RESTART;
            default -> throw new RecordException(status.where, "unknown Acct-Status-Type '" + status.value
                    + "' (expected Start, Stop, Interim-Update, Accounting-On or Accounting-Off)");
        };
    }

    /**
     * When the event happened: the NAS's Event-Timestamp, else the time the server received the record (its
     * Timestamp attribute, else the date line) less the Acct-Delay-Time the NAS waited before sending.
     */
    private Instant eventTime(Record r) {
        Attribute event = r.get("event-timestamp");
        if (event != null) {
            try {
                return LeaseTimes.radiusEventTimestamp(event.value, zone);
            } catch (DateTimeException e) {
                throw new RecordException(event.where, "Event-Timestamp: " + e.getMessage());
            }
        }
        Instant received;
        Attribute timestamp = r.get("timestamp");
        if (timestamp != null && LeaseTimes.isDigits(timestamp.value)) {
            received = LeaseTimes.epochSeconds(timestamp.value);
        } else {
            try {
                received = LeaseTimes.radiusHeader(r.header, zone);
            } catch (DateTimeException e) {
                throw new RecordException(r.where, "record date: " + e.getMessage());
            }
        }
        Attribute delay = r.get("acct-delay-time");
        if (delay != null && LeaseTimes.isDigits(delay.value) && delay.value.length() <= 9) {
            received = received.minusSeconds(Long.parseLong(delay.value));
        }
        return received;
    }

    /**
     * The addresses a record is about. With a port block the IPv4 public address (NAT-Public-IP, else
     * Framed-IP-Address) is shared and only the block is the subscriber's, and a Framed-IP-Address next to
     * NAT-Public-IP is the private inside address; without one, Framed-IP-Address is the subscriber's. IPv6
     * addresses and prefixes are the subscriber's either way (dual stack behind CGNAT).
     */
    private List<Target> targets(Record r) {
        PortRange ports = portBlock(r);
        List<Target> targets = new ArrayList<>();
        boolean badAddress = false;
        Attribute natPublic = r.first(NAT_PUBLIC_ADDRESS);
        Attribute framed = r.get("framed-ip-address");
        List<Attribute> whole = new ArrayList<>();
        if (ports != null) {
            Attribute shared = natPublic != null ? natPublic : framed;
            if (shared == null) {
                throw new RecordException(r.where, "port block " + ports
                        + " without a public address (NAT-Public-IP or Framed-IP-Address)");
            }
            targets.add(new Target(single(shared), ports));
        } else {
            if (natPublic != null) {
                problem(natPublic.where, "NAT-Public-IP without a port block, ignored: a shared address is not one"
                        + " subscriber's");
            }
            whole.add(framed);
        }
        whole.add(r.get("framed-ipv6-address"));
        for (Attribute a : whole) {
            if (a != null) {
                try {
                    targets.add(new Target(single(a), null));
                } catch (RecordException e) {
                    problem(e.where, e.getMessage());
                    badAddress = true;
                }
            }
        }
        for (String name : new String[] {"framed-ipv6-prefix", "delegated-ipv6-prefix"}) {
            Attribute a = r.get(name);
            if (a != null) {
                try {
                    targets.add(new Target(IpPrefix.parse(a.value), null));
                } catch (IllegalArgumentException e) {
                    problem(a.where, "invalid " + name + ": " + e.getMessage());
                    badAddress = true;
                }
            }
        }
        if (targets.isEmpty() && !badAddress) {
            throw new RecordException(r.where, "no address: none of Framed-IP-Address, Framed-IPv6-Prefix,"
                    + " Delegated-IPv6-Prefix or a NAT public address with a port block");
        }
        return targets;
    }

    private static IpPrefix single(Attribute a) {
        try {
            IpAddress address = IpAddress.parse(a.value);
            return new IpPrefix(address, address.isV4() ? 32 : 128);
        } catch (IllegalArgumentException e) {
            throw new RecordException(a.where, "invalid address: " + e.getMessage());
        }
    }

    private static PortRange portBlock(Record r) {
        Attribute range = r.first(PORT_RANGE);
        Attribute start = r.first(PORT_START);
        Attribute end = r.first(PORT_END);
        Attribute size = r.first(PORT_SIZE);
        Attribute at = range;
        try {
            if (range != null) {
                return PortRange.parse(range.value);
            }
            if (start == null) {
                if (end != null) {
                    at = end;
                    throw new IllegalArgumentException("port block end without its start");
                }
                return null;
            }
            at = start;
            int first = Integer.parseInt(start.value.strip());
            if (end != null) {
                at = end;
                return new PortRange(first, Integer.parseInt(end.value.strip()));
            }
            if (size != null) {
                at = size;
                return new PortRange(first, first + Integer.parseInt(size.value.strip()) - 1);
            }
            throw new IllegalArgumentException("port block start without its end or size");
        } catch (IllegalArgumentException e) {
            throw new RecordException(at.where, "invalid port block: " + e.getMessage());
        }
    }

    /** Removes the double quotes FreeRADIUS writes around strings and undoes its backslash escapes. */
    static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        String inner = value.substring(1, value.length() - 1);
        if (inner.indexOf('\\') < 0) {
            return inner;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c != '\\' || i + 1 == inner.length()) {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            char next = inner.charAt(++i);
            if (isOctal(inner, i)) {
                bytes.write(Integer.parseInt(inner.substring(i, i + 3), 8));
                i += 2;
            } else {
                bytes.write(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> next;
                });
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** True when three octal digits start at {@code from}. */
    static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    private void problem(SourceLine where, String reason) {
        problems.add(new ImportProblem(where, reason));
    }

    private record Attribute(String value, SourceLine where) {
    }

    private record Target(IpPrefix addresses, PortRange ports) {
    }

    private static final class Record {
        final SourceLine where;
        final String header;
        final Map<String, Attribute> attributes = new HashMap<>();

        Record(SourceLine where, String header) {
            this.where = where;
            this.header = header;
        }

        Attribute get(String name) {
            return attributes.get(name);
        }

        Attribute first(String[] names) {
            for (String name : names) {
                Attribute a = attributes.get(name);
                if (a != null) {
                    return a;
                }
            }
            return null;
        }

        Attribute require(String name, String display) {
            Attribute a = attributes.get(name);
            if (a == null || a.value.isEmpty()) {
                throw new RecordException(where, "missing " + display);
            }
            return a;
        }
    }

    /** A record that cannot be used, with the line to blame. */
    private static final class RecordException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SourceLine where;

        RecordException(SourceLine where, String message) {
            super(message, null, false, false);
            this.where = where;
        }
    }
}
