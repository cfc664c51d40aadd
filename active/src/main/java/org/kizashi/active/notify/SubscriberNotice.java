package org.kizashi.active.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ISP's template of the alert to one infected subscriber, and the plain-text UTF-8 mail it gives. The template is
 * text whose first line is {@code Subject: ...}; the rest (after an optional blank line) is the body. Placeholders
 * {@code {{subscriber}}}, {@code {{address}}}, {@code {{time}}}, {@code {{family}}}, {@code {{isp}}} and
 * {@code {{optout_url}}} are replaced by the {@link NoticeFacts}. The template is checked when it is read, so a
 * misspelt placeholder is found when the ISP sets the template up, not when the first subscriber is due a notice.
 * Immutable.
 */
public final class SubscriberNotice {
    /** The placeholder names a template may use. */
    public static final Set<String> PLACEHOLDERS = Set.of("subscriber", "address", "time", "family", "isp",
            "optout_url");
    /** Subscribers of Japanese ISPs read Japan time. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Tokyo");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    private static final String SUBJECT = "Subject:";

    private final String source;
    private final List<Piece> subject;
    private final List<Piece> body;
    private final ZoneId zone;

    /** A run of literal text, or a placeholder (text null). */
    private record Piece(String text, String placeholder) {
    }

    private SubscriberNotice(String source, List<Piece> subject, List<Piece> body, ZoneId zone) {
        this.source = source;
        this.subject = subject;
        this.body = body;
        this.zone = zone;
    }

    /**
     * Reads the template file (UTF-8).
     *
     * @throws IOException              when it cannot be read or is not UTF-8
     * @throws IllegalArgumentException naming the file and line of the first problem (no Subject line, an unknown
     *                                  or unclosed placeholder)
     */
    public static SubscriberNotice load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": the template is not UTF-8 text", e);
        }
        return parse(file.getFileName().toString(), text);
    }

    /**
     * Parses a template.
     *
     * @param source the template's name for error messages, such as its file name
     * @throws IllegalArgumentException naming {@code source} and the line of the first problem
     */
    public static SubscriberNotice parse(String source, String template) {
        Objects.requireNonNull(source, "source");
        String text = template.startsWith("\ufeff") ? template.substring(1) : template;
        String[] lines = text.split("\r\n|\r|\n", -1);
        String first = lines[0];
        if (!first.regionMatches(true, 0, SUBJECT, 0, SUBJECT.length())) {
            throw new IllegalArgumentException(source + " line 1: a notice template starts with a 'Subject:' line,"
                    + " found '" + abbreviate(first) + "'");
        }
        List<Piece> subject = pieces(source, 1, first.substring(SUBJECT.length()).strip());
        if (subject.isEmpty()) {
            throw new IllegalArgumentException(source + " line 1: the subject is empty");
        }
        int bodyStart = lines.length > 1 && lines[1].isBlank() ? 2 : 1;
        List<Piece> body = new ArrayList<>();
        for (int i = bodyStart; i < lines.length; i++) {
            body.addAll(pieces(source, i + 1, lines[i]));
            if (i < lines.length - 1) {
                body.add(new Piece("\n", null));
            }
        }
        return new SubscriberNotice(source, List.copyOf(subject), List.copyOf(body), DEFAULT_ZONE);
    }

    private static List<Piece> pieces(String source, int lineNumber, String line) {
        List<Piece> pieces = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(line);
        int at = 0;
        while (m.find()) {
            checkLiteral(source, lineNumber, line.substring(at, m.start()));
            if (m.start() > at) {
                pieces.add(new Piece(line.substring(at, m.start()), null));
            }
            String name = m.group(1).toLowerCase(Locale.ROOT);
            if (!PLACEHOLDERS.contains(name)) {
                throw new IllegalArgumentException(source + " line " + lineNumber + ": unknown placeholder "
                        + m.group() + "; known: " + known());
            }
            pieces.add(new Piece(null, name));
            at = m.end();
        }
        checkLiteral(source, lineNumber, line.substring(at));
        if (at < line.length()) {
            pieces.add(new Piece(line.substring(at), null));
        }
        return pieces;
    }

    /** A "{{" or "}}" left over is a placeholder typed wrong; sent as is, the subscriber would see it. */
    private static void checkLiteral(String source, int lineNumber, String literal) {
        int open = literal.indexOf("{{");
        int close = literal.indexOf("}}");
        if (open >= 0 || close >= 0) {
            String rest = literal.substring(open >= 0 ? open : close);
            throw new IllegalArgumentException(source + " line " + lineNumber + ": '" + (open >= 0 ? "{{" : "}}")
                    + "' without its pair or with braces inside, at '" + abbreviate(rest) + "'; placeholders are"
                    + " written like {{address}}");
        }
    }

    private static String known() {
        return String.join(", ", PLACEHOLDERS.stream().sorted().map(p -> "{{" + p + "}}").toList());
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** The same template writing {@code {{time}}} in {@code zone} instead of Japan time. */
    public SubscriberNotice inZone(ZoneId zone) {
        return new SubscriberNotice(source, subject, body, Objects.requireNonNull(zone, "zone"));
    }

    /** The subject for {@code facts}, on one line. */
    public String subject(NoticeFacts facts) {
        return MailParts.oneLine(fill(subject, values(facts)));
    }

    /** The body for {@code facts}. */
    public String body(NoticeFacts facts) {
        return fill(body, values(facts));
    }

    /** The notice as a plain-text UTF-8 mail from the ISP to the subscriber. */
    public MimeMessage render(NoticeFacts facts, InternetAddress from, InternetAddress to) throws MessagingException {
        MimeMessage message = MailParts.message(from, to, subject(facts));
        message.setText(body(facts), MailParts.UTF_8);
        return message;
    }

    private Map<String, String> values(NoticeFacts facts) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("subscriber", facts.subscriber());
        values.put("address", facts.address().toString());
        values.put("time", DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss zzz", Locale.ENGLISH).withZone(zone)
                .format(facts.time()));
        values.put("family", facts.family());
        values.put("isp", facts.isp());
        values.put("optout_url", facts.optOutUrl());
        return values;
    }

    private static String fill(List<Piece> pieces, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (Piece piece : pieces) {
            out.append(piece.text() != null ? piece.text() : values.get(piece.placeholder()));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "SubscriberNotice[" + source + ", " + zone + "]";
    }
}
