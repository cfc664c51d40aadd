package org.kizashi.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.DosAttack;
import org.kizashi.core.telescope.InfectedHost;
import org.kizashi.core.telescope.PacketTag;
import org.kizashi.core.telescope.PortSurge;
import org.kizashi.core.telescope.ProtocolPort;
import org.kizashi.core.telescope.TelescopeAlert;

/**
 * The whole of a {@link TelescopeAlert} as text, for the {@code detail} column: a first line naming the format, then
 * one {@code key=value} line per field. Backslash, line feed and carriage return in values are escaped
 * ({@code \\}, {@code \n}, {@code \r}); lists are comma-separated (no item contains a comma). Readable in an SQL
 * console, and independent of a JSON library (the store depends on none).
 *
 * <pre>
 * kizashi-telescope-alert 1
 * kind=dos
 * victim=192.0.2.7
 * protocol=6
 * ports=80,443
 * ...
 * </pre>
 */
final class TelescopeAlertText {
    static final String HEADER = "kizashi-telescope-alert 1";

    private TelescopeAlertText() {
    }

    static String write(TelescopeAlert alert) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("kind", alert.kind());
        switch (alert) {
            case DosAttack d -> {
                fields.put("victim", d.victim().toString());
                fields.put("protocol", Integer.toString(d.protocol()));
                fields.put("ports", join(d.ports(), String::valueOf));
                fields.put("start", d.start().toString());
                fields.put("end", d.end().toString());
                fields.put("packets", Long.toString(d.packets()));
                fields.put("bytes", Long.toString(d.bytes()));
                fields.put("peakPerMinute", Double.toString(d.peakPerMinute()));
                fields.put("country", d.country());
                fields.put("asn", Long.toString(d.asn()));
            }
            case PortSurge s -> {
                fields.put("port", s.port().toString());
                fields.put("start", s.start().toString());
                fields.put("end", s.end().toString());
                fields.put("metric", s.metric());
                fields.put("observed", Long.toString(s.observed()));
                fields.put("baseline", Double.toString(s.baseline()));
                fields.put("factor", Double.toString(s.factor()));
                fields.put("topCountries", join(s.topCountries(), c -> c));
                fields.put("sampleSources", join(s.sampleSources(), IpAddress::toString));
            }
            case InfectedHost h -> {
                fields.put("organisationId", Long.toString(h.organisationId()));
                fields.put("network", h.network());
                fields.put("host", h.host().toString());
                fields.put("start", h.start().toString());
                fields.put("end", h.end().toString());
                fields.put("packets", Long.toString(h.packets()));
                fields.put("ports", join(h.ports(), ProtocolPort::toString));
                fields.put("tags", join(h.tags().stream().sorted().toList(), PacketTag::id));
            }
        }
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        fields.forEach((k, v) -> sb.append(k).append('=').append(escape(v == null ? "" : v)).append('\n'));
        return sb.toString();
    }

    /** @throws IllegalArgumentException when the text is not an alert in this format */
    static TelescopeAlert read(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("not a stored telescope alert (expected the line '" + HEADER + "')");
        }
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("stored telescope alert: malformed line " + (i + 1) + ": " + line);
            }
            f.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
        }
        String kind = required(f, "kind");
        return switch (kind) {
            case "dos" -> new DosAttack(IpAddress.parse(required(f, "victim")),
                    Integer.parseInt(required(f, "protocol")), split(f.get("ports"), Integer::valueOf),
                    Instant.parse(required(f, "start")), Instant.parse(required(f, "end")),
                    Long.parseLong(required(f, "packets")), Long.parseLong(required(f, "bytes")),
                    Double.parseDouble(required(f, "peakPerMinute")), f.getOrDefault("country", ""),
                    Long.parseLong(f.getOrDefault("asn", "0")));
            case "surge" -> new PortSurge(ProtocolPort.parse(required(f, "port")),
                    Instant.parse(required(f, "start")), Instant.parse(required(f, "end")), required(f, "metric"),
                    Long.parseLong(required(f, "observed")), Double.parseDouble(required(f, "baseline")),
                    Double.parseDouble(required(f, "factor")), split(f.get("topCountries"), c -> c),
                    split(f.get("sampleSources"), IpAddress::parse));
            case "infected_host" -> {
                Set<PacketTag> tags = EnumSet.noneOf(PacketTag.class);
                for (String t : split(f.get("tags"), s -> s)) {
                    tags.add(PacketTag.valueOf(t.toUpperCase(Locale.ROOT)));
                }
                yield new InfectedHost(Long.parseLong(required(f, "organisationId")), f.getOrDefault("network", ""),
                        IpAddress.parse(required(f, "host")), Instant.parse(required(f, "start")),
                        Instant.parse(required(f, "end")), Long.parseLong(required(f, "packets")),
                        split(f.get("ports"), ProtocolPort::parse), tags);
            }
            default -> throw new IllegalArgumentException("stored telescope alert of unknown kind '" + kind + "'");
        };
    }

    private static String required(Map<String, String> fields, String key) {
        String v = fields.get(key);
        if (v == null) {
            throw new IllegalArgumentException("stored telescope alert without '" + key + "'");
        }
        return v;
    }

    private static <T> String join(List<T> items, Function<T, String> text) {
        StringBuilder sb = new StringBuilder();
        for (T item : items) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(text.apply(item));
        }
        return sb.toString();
    }

    private static <T> List<T> split(String text, Function<String, T> parse) {
        List<T> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String item : text.split(",", -1)) {
            out.add(parse.apply(item));
        }
        return out;
    }

    private static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String unescape(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\' || i + 1 == value.length()) {
                sb.append(c);
                continue;
            }
            char next = value.charAt(++i);
            sb.append(switch (next) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                default -> next;
            });
        }
        return sb.toString();
    }
}
