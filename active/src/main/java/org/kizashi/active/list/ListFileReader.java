package org.kizashi.active.list;

import org.kizashi.active.LineProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.kizashi.active.url.SafeBrowsingUrls;
import org.kizashi.active.url.UrlList;
import org.kizashi.core.active.ListEntry;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.active.Trigger;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

/**
 * Reads block lists in the plain formats feeds use: one domain, "*.domain", IP address, CIDR prefix or URL per line,
 * and hosts-file lines ("0.0.0.0 evil.example"); "#" starts a comment at the start of a line or after a space. A URL
 * of a whole site ("http://evil.example/") lists its host; a URL with a path becomes a URL entry, which only a proxy
 * can enforce (DNS sees names, not paths). Each unusable line is reported with its file and line number and the
 * reading goes on.
 */
public final class ListFileReader {
    /** Names hosts files map to themselves, never entries. */
    private static final Set<String> HOSTS_FILE_SELF = Set.of("localhost", "localhost.localdomain", "local",
            "broadcasthost", "ip6-localhost", "ip6-loopback", "0.0.0.0");

    private ListFileReader() {
    }

    /**
     * What every entry of one file gets.
     *
     * @param expires null: until removed
     */
    public record Options(PolicyAction action, String source, String reason, Instant seen, Instant expires) {
        public Options {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(seen, "seen");
        }
    }

    /** What reading one file gave: lines read, entries given to the sink, lines reported as problems. */
    public record Summary(long lines, long entries, long problems) {
    }

    /**
     * Reads a file: a CSV feed when its name ends in {@code .csv} ({@link CsvFeedReader}), else the plain format.
     * Bytes that are not UTF-8 make that line a problem, not the file.
     */
    public static Summary read(Path file, Options options, ObjLongConsumer<ListEntry> entries,
                               Consumer<LineProblem> problems) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                return CsvFeedReader.read(in, file.toString(), options, entries, problems);
            }
            return read(in, file.toString(), options, entries, problems);
        }
    }

    public static Summary read(BufferedReader in, String sourceName, Options options,
                               ObjLongConsumer<ListEntry> entries, Consumer<LineProblem> problems) throws IOException {
        long lineNumber = 0;
        long accepted = 0;
        long rejected = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            String text = withoutComment(line).strip();
            if (text.isEmpty()) {
                continue;
            }
            if (text.indexOf('\uFFFD') >= 0) {
                problems.accept(new LineProblem(sourceName, lineNumber, "not UTF-8 text"));
                rejected++;
                continue;
            }
            String[] fields = fields(text);
            try {
                if (fields.length == 1) {
                    entries.accept(entry(parseTrigger(fields[0]), options), lineNumber);
                    accepted++;
                } else if (isAddress(fields[0])) {
                    accepted += hostsLine(fields, options, entries, lineNumber);
                } else {
                    throw new IllegalArgumentException("expected one entry per line, found " + fields.length
                            + " fields");
                }
            } catch (IllegalArgumentException e) {
                problems.accept(new LineProblem(sourceName, lineNumber, e.getMessage()));
                rejected++;
            }
        }
        return new Summary(lineNumber, accepted, rejected);
    }

    /** The whitespace-separated fields of a stripped line (no regular expression: this runs for every line). */
    private static String[] fields(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i)) && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                count++;
            }
        }
        if (count == 1) {
            return new String[] {text};
        }
        String[] fields = new String[count];
        int n = 0;
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean space = i == text.length() || Character.isWhitespace(text.charAt(i));
            if (!space && start < 0) {
                start = i;
            } else if (space && start >= 0) {
                fields[n++] = text.substring(start, i);
                start = -1;
            }
        }
        return fields;
    }

    private static String withoutComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static long hostsLine(String[] fields, Options options, ObjLongConsumer<ListEntry> entries, long line) {
        long count = 0;
        for (int i = 1; i < fields.length; i++) {
            if (HOSTS_FILE_SELF.contains(fields[i].toLowerCase(Locale.ROOT))) {
                continue;
            }
            entries.accept(entry(Trigger.domain(fields[i]), options), line);
            count++;
        }
        return count;
    }

    private static ListEntry entry(Trigger trigger, Options options) {
        return new ListEntry(trigger, options.action(), options.source(), options.reason(), options.seen(),
                options.seen(), options.expires());
    }

    /**
     * One field as a trigger: "*.example.com", a URL ("scheme://..."), an address or CIDR prefix, or a domain.
     *
     * @throws IllegalArgumentException saying why the text is none of these
     */
    public static Trigger parseTrigger(String field) {
        if (field.contains("://")) {
            return urlTrigger(field);
        }
        if (field.startsWith("*.")) {
            return Trigger.wildcard(field.substring(2));
        }
        if (field.indexOf('*') >= 0) {
            throw new IllegalArgumentException("'" + field + "': a wildcard is only allowed as the first label (*.)");
        }
        if (looksLikeAddress(field)) {
            try {
                return Trigger.ip(IpPrefix.parse(field));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + field + "' is not a valid IP address or prefix: "
                        + e.getMessage(), e);
            }
        }
        return Trigger.domain(field);
    }

    private static Trigger urlTrigger(String url) {
        String host = SafeBrowsingUrls.canonicalHost(url);
        String path = SafeBrowsingUrls.canonicalPath(url);
        boolean wholeSite = path.equals("/") && !SafeBrowsingUrls.canonicalUrl(url).contains("?");
        if (wholeSite && !SafeBrowsingUrls.parseIpAddress(host).isEmpty()) {
            throw new IllegalArgumentException("'" + url + "': a site given by its IP address cannot be blocked by "
                    + "name; list the address itself");
        }
        if (wholeSite && !host.startsWith("[")) {
            return Trigger.domain(host);
        }
        return Trigger.url(UrlList.expressionOf(url));
    }

    private static boolean looksLikeAddress(String field) {
        if (field.indexOf(':') >= 0) {
            return true;
        }
        int end = field.indexOf('/') >= 0 ? field.indexOf('/') : field.length();
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = field.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAddress(String field) {
        try {
            IpAddress.parse(field);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
