package org.kizashi.active.hits;

import org.kizashi.active.LineProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kizashi.core.active.DomainNames;
import org.kizashi.core.net.IpAddress;

/**
 * Reads the rewrites BIND 9 logs in its {@code rpz} category:
 * <pre>
 * 23-Nov-2026 19:06:24.123 rpz: info: client @0x7f2a4c0d1168 192.0.2.7#53000 (evil.example): rpz QNAME NXDOMAIN
 *     rewrite evil.example/A/IN via evil.example.rpz.kizashi
 * </pre>
 * (one line in the log). What comes before {@code client @} depends on the logging channel (print-time,
 * print-category, print-severity, syslog), so it is only searched for a time: BIND's {@code dd-Mon-yyyy}, ISO 8601,
 * or a syslog time. From {@code client @} on, the line must have BIND's shape: the client {@code address#port}, the
 * policy type (QNAME, IP, NSDNAME, NSIP, CLIENT-IP), the policy, the rewritten name/type/class and the policy owner
 * name after "via", whose zone is the list. Other log lines are skipped.
 * <p>
 * Immutable: one parser can read several files at once.
 */
public final class BindRpzLogParser {
    /** Loose: anything that says "rpz TYPE POLICY rewrite" is meant to be a hit, and must then read strictly. */
    private static final Pattern CANDIDATE = Pattern.compile("\\brpz \\S+ \\S+ rewrite \\S");
    private static final Pattern HIT = Pattern.compile("client @\\S+ (?<peer>\\S+)(?: /key \\S+)?"
            + "(?: \\((?<query>[^)]*)\\))?(?:: view [^:]+)?: (?<disabled>disabled )?rpz (?<type>\\S+) (?<policy>\\S+)"
            + " rewrite (?<name>\\S+)/(?<qtype>[A-Za-z0-9-]+)/(?<qclass>[A-Za-z0-9-]+) via (?<via>\\S+)"
            + "(?: \\(CNAME to: [^)]*\\))?$");
    private static final List<String> TYPES = List.of("QNAME", "IP", "NSDNAME", "NSIP", "CLIENT-IP");
    private static final Map<String, String> POLICIES = Map.of("NXDOMAIN", "nxdomain", "NODATA", "nodata",
            "PASSTHRU", "passthru", "DROP", "drop", "TCP-ONLY", "tcp-only", "LOCAL-DATA", "local-data",
            "CNAME", "cname", "DNS64", "dns64");
    private static final Map<String, String> ADDRESS_LABELS = Map.of("IP", "rpz-ip", "NSIP", "rpz-nsip",
            "CLIENT-IP", "rpz-client-ip", "NSDNAME", "rpz-nsdname");

    private final List<String> knownZones;
    private final ZoneId zone;
    private final Clock clock;

    /**
     * Zones are derived from the policy owner names; times without a zone are Japan time.
     *
     * @param knownZones the response-policy zone names configured in BIND; may be empty
     */
    public BindRpzLogParser(Collection<String> knownZones) {
        this(knownZones, LogTimestamps.JAPAN, Clock.systemUTC());
    }

    /**
     * @param knownZones the response-policy zone names configured in BIND. The list of a hit is the longest of them
     *                   that the "via" owner name is in; a name in none of them is a problem. When empty, the zone is
     *                   derived from the owner name's shape (what follows the rewritten name, or the rpz-ip,
     *                   rpz-nsip, rpz-client-ip or rpz-nsdname label).
     * @param zone       the zone of times written without one
     * @param clock      "now", to infer the year of syslog times, which have none
     */
    public BindRpzLogParser(Collection<String> knownZones, ZoneId zone, Clock clock) {
        List<String> zones = new ArrayList<>();
        for (String z : knownZones) {
            zones.add(normalised(z));
        }
        zones.sort(Comparator.comparingInt(String::length).reversed());
        this.knownZones = List.copyOf(zones);
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Reads {@code reader} to its end (it is not closed), handing each rewrite to {@code events} and each rewrite
     * line that cannot be read to {@code problems}.
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
            if (!CANDIDATE.matcher(line).find()) {
                tally.skipped();
                continue;
            }
            BlockEvent event;
            try {
                event = hit(line.stripTrailing());
            } catch (IllegalArgumentException e) {
                tally.problem(e.getMessage());
                continue;
            }
            events.accept(event);
            tally.accepted();
        }
        return tally.summary();
    }

    private BlockEvent hit(String line) {
        int at = line.indexOf("client @");
        if (at < 0) {
            throw new IllegalArgumentException("rpz rewrite without 'client @': not a query log line of BIND");
        }
        Matcher m = HIT.matcher(line);
        if (!m.find(at) || m.start() != at) {
            throw new IllegalArgumentException("rpz rewrite not in BIND's form 'client @... address#port (name): rpz"
                    + " TYPE POLICY rewrite name/type/class via owner'");
        }
        Instant time = LogTimestamps.leading(line.substring(0, at), zone, clock);
        IpAddress client = client(m.group("peer"));
        String type = m.group("type").toUpperCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown rpz policy type '" + m.group("type") + "'");
        }
        String action = POLICIES.get(m.group("policy").toUpperCase(Locale.ROOT));
        if (action == null) {
            throw new IllegalArgumentException("unknown rpz policy '" + m.group("policy") + "'");
        }
        if (m.group("disabled") != null) {
            action = "disabled";
        }
        String rewritten = normalised(m.group("name"));
        String query = m.group("query") != null ? m.group("query") : rewritten;
        String queryName;
        try {
            queryName = DomainNames.canonical(query);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("query name: " + e.getMessage(), e);
        }
        String via = normalised(m.group("via"));
        String list = list(via, type, rewritten);
        return BlockEvent.resolver(time, client, queryName, list, action, BlockEvent.Origin.BIND,
                type.toLowerCase(Locale.ROOT) + " " + via);
    }

    private static IpAddress client(String peer) {
        int hash = peer.lastIndexOf('#');
        if (hash <= 0) {
            throw new IllegalArgumentException("client '" + peer + "' is not address#port");
        }
        UnboundRpzLogParser.checkPort(peer.substring(hash + 1), peer);
        try {
            return IpAddress.parse(peer.substring(0, hash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("client: " + e.getMessage(), e);
        }
    }

    /** The policy zone of owner name {@code via}: the known zone it is in, else what its shape tells. */
    String list(String via, String type, String rewritten) {
        if (!knownZones.isEmpty()) {
            for (String z : knownZones) {
                if (via.equals(z) || via.endsWith("." + z)) {
                    return z;
                }
            }
            throw new IllegalArgumentException("policy owner '" + via + "' is in none of the known zones "
                    + knownZones);
        }
        String label = ADDRESS_LABELS.get(type);
        if (label != null) {
            String marker = "." + label + ".";
            int i = via.indexOf(marker);
            if (i >= 0 && i + marker.length() < via.length()) {
                return via.substring(i + marker.length());
            }
        }
        if (via.startsWith(rewritten + ".")) {
            return via.substring(rewritten.length() + 1);
        }
        if (via.startsWith("*.")) {
            String wild = via.substring(2);
            for (int dot = rewritten.indexOf('.'); dot >= 0; dot = rewritten.indexOf('.', dot + 1)) {
                String parent = rewritten.substring(dot + 1);
                if (wild.startsWith(parent + ".")) {
                    return wild.substring(parent.length() + 1);
                }
            }
        }
        throw new IllegalArgumentException("cannot tell the policy zone of owner '" + via
                + "'; give the parser the configured zone names");
    }

    private static String normalised(String name) {
        return UnboundRpzLogParser.stripDot(name.toLowerCase(Locale.ROOT));
    }
}
