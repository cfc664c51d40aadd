package org.kizashi.active.subscriber;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

/**
 * Reads the simple CGNAT mapping CSV that operators export from their NAT logs:
 * {@code public_ip,port_start,port_end,subscriber,start,end} with ISO-8601 times; an empty end means the mapping is
 * still in place, empty ports mean the whole address (one-to-one NAT).
 */
final class CgnatMappingReader {
    private static final String[] COLUMNS = {"public_ip", "port_start", "port_end", "subscriber", "start", "end"};

    private final ZoneId zone;
    private final Interner names;
    private final List<AddressLease> leases;
    private final List<ImportProblem> problems;

    CgnatMappingReader(ZoneId zone, Interner names, List<AddressLease> leases, List<ImportProblem> problems) {
        this.zone = zone;
        this.names = names;
        this.leases = leases;
        this.problems = problems;
    }

    /** Reads one file; returns the number of mapping rows. */
    int read(BufferedReader in, String source) throws IOException {
        CsvFields header = null;
        int rows = 0;
        int lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (lineNumber == 1) {
                line = TextFiles.withoutBom(line);
            }
            if (CsvFields.isSkippable(line)) {
                continue;
            }
            SourceLine where = new SourceLine(source, lineNumber);
            try {
                List<String> fields = CsvFields.split(line);
                if (header == null) {
                    header = CsvFields.header(fields);
                    List<String> missing = header.missing(COLUMNS);
                    if (!missing.isEmpty()) {
                        problems.add(new ImportProblem(where, "the header must name the columns "
                                + String.join(",", COLUMNS) + "; missing " + String.join(",", missing)
                                + " (nothing imported)"));
                        return 0;
                    }
                    continue;
                }
                rows++;
                if (fields.size() != header.width()) {
                    throw new IllegalArgumentException("expected " + header.width() + " fields, found "
                            + fields.size());
                }
                leases.add(mapping(header, fields, where));
            } catch (IllegalArgumentException | DateTimeException e) {
                problems.add(new ImportProblem(where, e.getMessage()));
            }
        }
        return rows;
    }

    private AddressLease mapping(CsvFields header, List<String> fields, SourceLine where) {
        IpAddress address;
        try {
            address = IpAddress.parse(header.get(fields, "public_ip"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid public_ip: " + e.getMessage(), e);
        }
        String first = header.get(fields, "port_start");
        String last = header.get(fields, "port_end");
        PortRange ports = null;
        if (!first.isEmpty() || !last.isEmpty()) {
            try {
                ports = new PortRange(Integer.parseInt(first), Integer.parseInt(last));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid port range '" + first + "'-'" + last + "'", e);
            }
        }
        String subscriber = header.get(fields, "subscriber");
        if (subscriber.isEmpty()) {
            throw new IllegalArgumentException("the subscriber is empty");
        }
        String startText = header.get(fields, "start");
        if (startText.isEmpty()) {
            throw new IllegalArgumentException("the start is empty");
        }
        Instant start = time(startText, "start");
        String endText = header.get(fields, "end");
        Instant end = endText.isEmpty() ? null : time(endText, "end");
        if (end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("the mapping ends (" + end + ") before it starts (" + start + ")");
        }
        return new AddressLease(names.intern(subscriber), new IpPrefix(address, address.isV4() ? 32 : 128), ports,
                start, end, where);
    }

    private Instant time(String text, String column) {
        try {
            return LeaseTimes.iso(text, zone);
        } catch (DateTimeException e) {
            throw new DateTimeException(column + ": " + e.getMessage(), e);
        }
    }
}
