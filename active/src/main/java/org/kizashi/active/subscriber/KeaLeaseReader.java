package org.kizashi.active.subscriber;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

/**
 * Reads Kea's memfile lease files (CSV with a header; {@code expire} in seconds since the epoch, the lease started
 * {@code valid_lifetime} seconds before it). DHCPv4 files name the client by {@code hwaddr} or {@code client_id},
 * DHCPv6 files ({@code duid}, {@code lease_type}, {@code prefix_len} columns) by DUID and may hold delegated
 * prefixes. Kea escapes commas inside fields as {@code &#x2c}.
 */
final class KeaLeaseReader {
    private static final long INFINITE_LIFETIME = 4_294_967_295L;

    private final DhcpJournal journal;
    private final Interner names;
    private final List<ImportProblem> problems;

    KeaLeaseReader(DhcpJournal journal, Interner names, List<ImportProblem> problems) {
        this.journal = journal;
        this.names = names;
        this.problems = problems;
    }

    /** Reads one file; returns the number of lease rows. */
    int read(BufferedReader in, String source) throws IOException {
        CsvFields header = null;
        boolean v6 = false;
        int rows = 0;
        int lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (lineNumber == 1) {
                line = TextFiles.withoutBom(line);
            }
            if (line.isBlank()) {
                continue;
            }
            SourceLine where = new SourceLine(source, lineNumber);
            List<String> fields = Arrays.stream(line.split(",", -1)).map(f -> f.replace("&#x2c", ",")).toList();
            if (header == null) {
                header = CsvFields.header(fields);
                v6 = header.has("duid");
                List<String> missing = v6
                        ? header.missing("address", "duid", "valid_lifetime", "expire")
                        : header.missing("address", "hwaddr", "valid_lifetime", "expire");
                if (!missing.isEmpty()) {
                    problems.add(new ImportProblem(where, "not a Kea lease file header: missing "
                            + String.join(",", missing) + " (nothing imported)"));
                    return 0;
                }
                continue;
            }
            rows++;
            try {
                row(header, fields, v6, where);
            } catch (IllegalArgumentException e) {
                problems.add(new ImportProblem(where, e.getMessage()));
            }
        }
        return rows;
    }

    private void row(CsvFields header, List<String> fields, boolean v6, SourceLine where) {
        if (fields.size() < header.width()) {
            throw new IllegalArgumentException("expected " + header.width() + " fields, found " + fields.size());
        }
        IpAddress address;
        try {
            address = IpAddress.parse(header.get(fields, "address"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid address: " + e.getMessage(), e);
        }
        long lifetime = number(header, fields, "valid_lifetime");
        long expire = number(header, fields, "expire");
        String stateText = header.get(fields, "state");
        long state = stateText.isEmpty() ? 0 : number(header, fields, "state");
        boolean bound;
        if (state == 0) {
            bound = lifetime > 0;
        } else if (state == 2 || state == 3) {
            bound = false; // expired-reclaimed, released
        } else if (state == 1) {
            return; // declined: the address was found in use, no client holds it
        } else {
            throw new IllegalArgumentException("unknown lease state " + state);
        }
        IpPrefix addresses = new IpPrefix(address, address.isV4() ? 32 : 128);
        String subscriber;
        if (v6) {
            String type = header.get(fields, "lease_type");
            if (type.equals("2")) {
                int length = (int) number(header, fields, "prefix_len");
                try {
                    addresses = new IpPrefix(address, length);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("invalid delegated prefix: " + e.getMessage(), e);
                }
            }
            String duid = header.get(fields, "duid").toLowerCase(Locale.ROOT);
            subscriber = duid.isEmpty() ? null : "duid:" + duid;
        } else {
            String hwaddr = header.get(fields, "hwaddr").toLowerCase(Locale.ROOT);
            String clientId = header.get(fields, "client_id").toLowerCase(Locale.ROOT);
            subscriber = !hwaddr.isEmpty() ? "mac:" + hwaddr : !clientId.isEmpty() ? "client-id:" + clientId : null;
        }
        if (subscriber == null) {
            if (bound) {
                throw new IllegalArgumentException("lease of " + address + " names no client ("
                        + (v6 ? "duid" : "hwaddr and client_id") + " empty)");
            }
            return;
        }
        Instant start = Instant.ofEpochSecond(expire - lifetime);
        Instant end = lifetime == INFINITE_LIFETIME ? null : Instant.ofEpochSecond(expire);
        journal.observe(addresses, names.intern(subscriber), start, end, start, bound, where);
    }

    private static long number(CsvFields header, List<String> fields, String column) {
        String text = header.get(fields, column);
        if (!LeaseTimes.isDigits(text) || text.length() > 12) {
            throw new IllegalArgumentException("invalid " + column + " '" + text + "'");
        }
        return Long.parseLong(text);
    }
}
