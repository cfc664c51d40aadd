package org.kizashi.active.subscriber;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

/**
 * Reads ISC dhcpd's {@code dhcpd.leases}: {@code lease ADDRESS { starts ...; ends ...; hardware ethernet ...; }}
 * blocks (other blocks and statements are skipped). The subscriber is the relay agent's remote id or circuit id
 * (option 82) when recorded, since that names the line; otherwise the client's MAC address or its client id.
 */
final class IscLeaseReader {
    private final DhcpJournal journal;
    private final Interner names;
    private final List<ImportProblem> problems;

    IscLeaseReader(DhcpJournal journal, Interner names, List<ImportProblem> problems) {
        this.journal = journal;
        this.names = names;
        this.problems = problems;
    }

    /** Reads one file; returns the number of lease blocks. */
    int read(BufferedReader in, String source) throws IOException {
        Tokens tokens = new Tokens(in, source);
        int leases = 0;
        while (true) {
            List<Token> statement = tokens.statement();
            Token end = tokens.last;
            if (statement.isEmpty() && end == null) {
                return leases;
            }
            if (end != null && end.is("{")) {
                if (statement.size() == 2 && statement.get(0).is("lease")) {
                    leases++;
                    lease(statement.get(0).where, statement.get(1), tokens);
                } else {
                    tokens.skipBlock();
                }
            } else if (end != null && end.is("}")) {
                problems.add(new ImportProblem(end.where, "unmatched '}'"));
            }
        }
    }

    private void lease(SourceLine where, Token addressToken, Tokens tokens) throws IOException {
        Lease lease = new Lease();
        boolean usable = true;
        while (true) {
            List<Token> statement = tokens.statement();
            Token end = tokens.last;
            if (end == null) {
                problems.add(new ImportProblem(where, "lease block not closed before the end of the file"));
                return;
            }
            if (!statement.isEmpty()) {
                try {
                    lease.apply(statement);
                } catch (IllegalArgumentException | DateTimeException e) {
                    problems.add(new ImportProblem(statement.get(0).where, e.getMessage()));
                    usable = false;
                }
            }
            if (end.is("{")) {
                tokens.skipBlock();
            } else if (end.is("}")) {
                break;
            }
        }
        if (usable) {
            record(where, addressToken, lease);
        }
    }

    private void record(SourceLine where, Token addressToken, Lease lease) {
        IpAddress address;
        try {
            address = IpAddress.parse(addressToken.text);
        } catch (IllegalArgumentException e) {
            problems.add(new ImportProblem(where, "invalid lease address: " + e.getMessage()));
            return;
        }
        String state = lease.state == null ? "active" : lease.state;
        boolean bound;
        switch (state) {
            case "active" -> bound = true;
            case "free", "expired", "released", "reset" -> bound = false;
            case "abandoned", "backup" -> {
                return; // not held by a client
            }
            default -> {
                problems.add(new ImportProblem(where, "unknown binding state '" + state + "'"));
                return;
            }
        }
        String subscriber = lease.subscriber();
        if (subscriber == null) {
            if (bound) {
                problems.add(new ImportProblem(where, "active lease of " + address
                        + " without hardware ethernet, uid or relay agent id"));
            }
            return;
        }
        if (lease.starts == null) {
            problems.add(new ImportProblem(where, "lease of " + address + " without 'starts'"));
            return;
        }
        if (lease.ends != null && lease.ends.isBefore(lease.starts)) {
            problems.add(new ImportProblem(where, "lease of " + address + " ends (" + lease.ends
                    + ") before it starts (" + lease.starts + ")"));
            return;
        }
        Instant lastSeen = lease.cltt != null ? lease.cltt : lease.starts;
        journal.observe(new IpPrefix(address, address.isV4() ? 32 : 128), names.intern(subscriber), lease.starts,
                lease.ends, lastSeen, bound, where);
    }

    /** The statements of one lease block that matter here. */
    private static final class Lease {
        Instant starts;
        Instant ends;
        Instant cltt;
        String state;
        String hardware;
        String uid;
        String remoteId;
        String circuitId;

        void apply(List<Token> st) {
            String keyword = st.get(0).text.toLowerCase(Locale.ROOT);
            switch (keyword) {
                case "starts" -> starts = time(st);
                case "ends" -> ends = st.size() == 2 && st.get(1).is("never") ? null : time(st);
                case "cltt" -> cltt = time(st);
                case "binding" -> {
                    if (st.size() == 3 && st.get(1).is("state")) {
                        state = st.get(2).text.toLowerCase(Locale.ROOT);
                    }
                }
                case "hardware" -> {
                    if (st.size() == 3) {
                        hardware = st.get(2).text.toLowerCase(Locale.ROOT);
                    }
                }
                case "uid" -> {
                    if (st.size() == 2) {
                        uid = st.get(1).identifier();
                    }
                }
                case "option" -> {
                    if (st.size() == 3 && st.get(1).is("agent.remote-id")) {
                        remoteId = st.get(2).identifier();
                    } else if (st.size() == 3 && st.get(1).is("agent.circuit-id")) {
                        circuitId = st.get(2).identifier();
                    }
                }
                default -> {
                    // client-hostname, tstp, tsfp, next binding state, set ..., and others: not needed
                }
            }
        }

        String subscriber() {
            if (remoteId != null) {
                return "remote-id:" + remoteId;
            }
            if (circuitId != null) {
                return "circuit-id:" + circuitId;
            }
            if (hardware != null) {
                return "mac:" + hardware;
            }
            return uid != null ? "client-id:" + uid : null;
        }

        private static Instant time(List<Token> st) {
            String[] words = new String[st.size() - 1];
            for (int i = 1; i < st.size(); i++) {
                words[i - 1] = st.get(i).text;
            }
            String text = String.join(" ", Arrays.asList(words));
            try {
                return LeaseTimes.iscDhcpd(words, text);
            } catch (DateTimeException e) {
                throw new DateTimeException("'" + st.get(0).text + "': " + e.getMessage(), e);
            }
        }
    }

    /** A word, a quoted string, or one of {@code { } ;}, with the line it is on. */
    private record Token(String text, boolean quoted, SourceLine where) {
        boolean is(String s) {
            return !quoted && text.equals(s);
        }

        /**
         * An identifier as dhcpd wrote it: printable text stays text, anything else (a client id, binary relay
         * agent ids) becomes colon-separated hex, whether dhcpd wrote it as hex or as an escaped string.
         */
        String identifier() {
            if (!quoted) {
                return text.toLowerCase(Locale.ROOT);
            }
            byte[] bytes = new byte[text.length()];
            int n = 0;
            boolean printable = true;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\' && i + 3 < text.length() && RadiusDetailReader.isOctal(text, i + 1)) {
                    bytes[n++] = (byte) Integer.parseInt(text.substring(i + 1, i + 4), 8);
                    i += 3;
                } else if (c == '\\' && i + 1 < text.length()) {
                    bytes[n++] = (byte) text.charAt(++i);
                } else {
                    bytes[n++] = (byte) c;
                }
                printable &= bytes[n - 1] >= 0x20 && bytes[n - 1] < 0x7f;
            }
            return printable ? new String(bytes, 0, n, StandardCharsets.US_ASCII)
                    : HexFormat.ofDelimiter(":").formatHex(bytes, 0, n);
        }
    }

    /** Splits the file into statements, ignoring {@code #} comments. */
    private static final class Tokens {
        private final BufferedReader in;
        private final String source;
        private int line = 1;
        private int pushedBack = -2;
        Token last;

        Tokens(BufferedReader in, String source) {
            this.in = in;
            this.source = source;
        }

        /** The tokens up to the next {@code ;}, <code>{</code> or <code>}</code>, which is left in {@link #last}. */
        List<Token> statement() throws IOException {
            List<Token> tokens = new ArrayList<>();
            while (true) {
                Token t = next();
                if (t == null || (!t.quoted && (t.text.equals(";") || t.text.equals("{") || t.text.equals("}")))) {
                    last = t;
                    return tokens;
                }
                tokens.add(t);
            }
        }

        /** Skips to the brace closing the block just opened. */
        void skipBlock() throws IOException {
            int depth = 1;
            for (Token t = next(); t != null; t = next()) {
                if (t.is("{")) {
                    depth++;
                } else if (t.is("}") && --depth == 0) {
                    return;
                }
            }
        }

        private Token next() throws IOException {
            int c = read();
            while (c != -1 && (Character.isWhitespace(c) || c == '#')) {
                if (c == '#') {
                    while (c != -1 && c != '\n') {
                        c = read();
                    }
                }
                if (c == '\n') {
                    line++;
                }
                c = read();
            }
            if (c == -1) {
                return null;
            }
            SourceLine where = new SourceLine(source, line);
            if (c == ';' || c == '{' || c == '}') {
                return new Token(String.valueOf((char) c), false, where);
            }
            StringBuilder sb = new StringBuilder();
            if (c == '"') {
                for (c = read(); c != -1 && c != '"'; c = read()) {
                    if (c == '\\') {
                        sb.append('\\');
                        c = read();
                        if (c == -1) {
                            break;
                        }
                    }
                    if (c == '\n') {
                        line++;
                    }
                    sb.append((char) c);
                }
                return new Token(sb.toString(), true, where);
            }
            while (c != -1 && !Character.isWhitespace(c) && c != ';' && c != '{' && c != '}' && c != '#') {
                sb.append((char) c);
                c = read();
            }
            pushedBack = c;
            return new Token(sb.toString(), false, where);
        }

        private int read() throws IOException {
            if (pushedBack != -2) {
                int c = pushedBack;
                pushedBack = -2;
                return c;
            }
            return in.read();
        }
    }
}
