package org.kizashi.active.hits;

import org.kizashi.active.LineProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.kizashi.core.active.DomainNames;
import org.kizashi.core.net.IpAddress;

/**
 * Reads the lines Unbound writes with {@code rpz-log: yes} (wrapped here):
 * <pre>
 * [1700000000] unbound[1234:0] info: rpz: applied [kizashi] evil.example. rpz-nxdomain 192.0.2.7@40000
 *     evil.example. A IN
 * </pre>
 * whether from Unbound's own log file ({@code [epoch]}, or {@code Nov 23 19:06:24 unbound[1234:0]} with
 * log-time-ascii) or through syslog ({@code Nov 23 19:06:24 host unbound: [1234:0] info: ...} or rsyslog's ISO
 * times). After "rpz: applied" come the optional {@code [rpz-log-name]}, the trigger kind when it is not qname
 * (clientip, nsdname, nsip), what matched, the action (1.17 writes rpz-nxdomain, older versions nxdomain; both are
 * read), the client {@code address@port}, and the query name, type and class. Older versions wrote
 * "RPZ applied", also read. Other log lines are skipped, and so are hits without a client address (Unbound's own
 * queries, such as prefetches, which block no subscriber); an rpz line that cannot be read is a problem.
 * <p>
 * Immutable: one parser can read several files at once.
 */
public final class UnboundRpzLogParser {
    private static final String MARKER = "rpz: applied ";
    private static final String OLD_MARKER = "RPZ applied ";
    private static final Set<String> ACTIONS = Set.of("nxdomain", "nodata", "passthru", "drop", "tcp-only",
            "local-data", "disabled", "cname-override", "no-override");
    private static final Set<String> TRIGGER_KINDS = Set.of("qname", "clientip", "nsdname", "nsip", "response-ip");

    private final String defaultList;
    private final ZoneId zone;
    private final Clock clock;

    /** Times without a zone are taken as Japan time; the year of syslog times is inferred from the system clock. */
    public UnboundRpzLogParser(String defaultList) {
        this(defaultList, LogTimestamps.JAPAN, Clock.systemUTC());
    }

    /**
     * @param defaultList the list name of lines without {@code [rpz-log-name]} (Unbound writes it only when set)
     * @param zone        the zone of log times written without one
     * @param clock       "now", to infer the year of syslog times, which have none
     */
    public UnboundRpzLogParser(String defaultList, ZoneId zone, Clock clock) {
        this.defaultList = Objects.requireNonNull(defaultList, "defaultList");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Reads {@code reader} to its end (it is not closed), handing each rpz hit to {@code events} and each unreadable
     * rpz line to {@code problems}.
     *
     * @param source the file name, for problem reports
     */
    public ParseSummary parse(Reader reader, String source, Consumer<BlockEvent> events,
                              Consumer<LineProblem> problems) throws IOException {
        Tally tally = new Tally(source, problems);
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String line;
        while ((line = in.readLine()) != null) {
            tally.nextLine();
            int at = line.indexOf(MARKER);
            int length = MARKER.length();
            if (at < 0) {
                at = line.indexOf(OLD_MARKER);
                length = OLD_MARKER.length();
            }
            if (at < 0) {
                tally.skipped();
                continue;
            }
            BlockEvent event;
            try {
                event = hit(line.substring(0, at), line.substring(at + length).stripTrailing());
            } catch (IllegalArgumentException e) {
                tally.problem(e.getMessage());
                continue;
            }
            if (event == null) {
                tally.skipped();
                continue;
            }
            events.accept(event);
            tally.accepted();
        }
        return tally.summary();
    }

    /** The event of an rpz line; null for a hit without a client. */
    private BlockEvent hit(String prefix, String rest) {
        Instant time = LogTimestamps.leading(prefix, zone, clock);
        String list = defaultList;
        if (rest.startsWith("[")) {
            int close = rest.indexOf("] ");
            if (close < 0) {
                throw new IllegalArgumentException("rpz line: '[' of the log name is not closed");
            }
            list = rest.substring(1, close);
            rest = rest.substring(close + 2);
        }
        // Without a client address Unbound leaves that field empty, so single spaces are the separators.
        String[] f = rest.split(" ", -1);
        int n = f.length;
        if (n != 6 && n != 7) {
            throw new IllegalArgumentException("rpz line: expected [kind] match action client@port name type class,"
                    + " found " + n + " fields in '" + rest + "'");
        }
        String kind = n == 7 ? f[0].toLowerCase(Locale.ROOT) : "qname";
        if (!TRIGGER_KINDS.contains(kind)) {
            throw new IllegalArgumentException("rpz line: unknown trigger kind '" + f[0] + "'");
        }
        String matched = f[n - 6];
        if (n == 6 && matched.indexOf('/') > 0) {
            kind = "response-ip"; // response-IP hits name the netblock and no kind
        }
        String action = action(f[n - 5]);
        if (f[n - 4].isEmpty()) {
            return null;
        }
        IpAddress client = client(f[n - 4]);
        String queryName = queryName(f[n - 3]);
        if (f[n - 2].isEmpty() || f[n - 1].isEmpty()) {
            throw new IllegalArgumentException("rpz line: query type or class missing");
        }
        return BlockEvent.resolver(time, client, queryName, list, action, BlockEvent.Origin.UNBOUND,
                kind + " " + stripDot(matched.toLowerCase(Locale.ROOT)));
    }

    private static String action(String text) {
        String a = text.toLowerCase(Locale.ROOT);
        if (a.startsWith("rpz-")) {
            a = a.substring(4);
        }
        if (!ACTIONS.contains(a)) {
            throw new IllegalArgumentException("rpz line: unknown action '" + text + "'");
        }
        return a;
    }

    private static IpAddress client(String text) {
        int at = text.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("rpz line: client '" + text + "' is not address@port");
        }
        checkPort(text.substring(at + 1), text);
        try {
            return IpAddress.parse(text.substring(0, at));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rpz line: client: " + e.getMessage(), e);
        }
    }

    static void checkPort(String port, String whole) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("invalid port in client '" + whole + "'");
        }
    }

    private static String queryName(String text) {
        try {
            return DomainNames.canonical(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rpz line: query name: " + e.getMessage(), e);
        }
    }

    static String stripDot(String name) {
        return name.length() > 1 && name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
