package org.kizashi.active.subscriber;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an ISP's session and lease records into {@link AddressLease}s: FreeRADIUS accounting detail files, ISC
 * dhcpd and Kea lease files, and CGNAT mapping CSVs. Bad lines become {@link #problems()} with file and line while
 * everything else is imported. Read files in the order they were written (older first): DHCP lease files are
 * journals, and RADIUS sessions are joined across files. Not thread-safe.
 */
public final class LeaseImport {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseImport.class);

    private final ZoneId localTimeZone;
    private final Instant asOf;
    private final Interner names = new Interner();
    private final List<ImportProblem> readProblems = new ArrayList<>();
    private final RadiusSessions radius = new RadiusSessions(names);
    private final DhcpJournal dhcp = new DhcpJournal();
    private final List<AddressLease> mappings = new ArrayList<>();
    private List<AddressLease> leases;
    private List<ImportProblem> problems;

    /**
     * @param localTimeZone the zone of times written without one (the RADIUS server's clock, NAT logs in local
     *                      time), usually Asia/Tokyo
     * @param asOf          when the records were exported: a session without end is taken to last until here, and
     *                      nothing is known after it
     */
    public LeaseImport(ZoneId localTimeZone, Instant asOf) {
        this.localTimeZone = Objects.requireNonNull(localTimeZone, "localTimeZone");
        this.asOf = Objects.requireNonNull(asOf, "asOf");
    }

    /**
     * FreeRADIUS accounting detail files ({@code detail-YYYYMMDD}, also gzip-compressed). A directory is read
     * whole: every file below it whose name starts with {@code detail}, in path order.
     */
    public LeaseImport radiusDetail(Path fileOrDirectory) throws IOException {
        RadiusDetailReader reader = new RadiusDetailReader(localTimeZone, radius, readProblems);
        for (Path file : files(fileOrDirectory, "detail")) {
            read(file, "RADIUS records", in -> reader.read(in, names.intern(file.toString())));
        }
        return this;
    }

    /** ISC dhcpd's {@code dhcpd.leases} (read {@code dhcpd.leases~} first when keeping both). */
    public LeaseImport iscDhcpdLeases(Path file) throws IOException {
        IscLeaseReader reader = new IscLeaseReader(dhcp, names, readProblems);
        read(file, "ISC dhcpd leases", in -> reader.read(in, names.intern(file.toString())));
        return this;
    }

    /** A Kea memfile lease file, DHCPv4 or DHCPv6 ({@code kea-leases4.csv}, {@code kea-leases6.csv}, rotations). */
    public LeaseImport keaLeases(Path file) throws IOException {
        KeaLeaseReader reader = new KeaLeaseReader(dhcp, names, readProblems);
        read(file, "Kea leases", in -> reader.read(in, names.intern(file.toString())));
        return this;
    }

    /** A CGNAT mapping CSV: {@code public_ip,port_start,port_end,subscriber,start,end}. */
    public LeaseImport cgnatMappings(Path file) throws IOException {
        CgnatMappingReader reader = new CgnatMappingReader(localTimeZone, names, mappings, readProblems);
        read(file, "CGNAT mappings", in -> reader.read(in, names.intern(file.toString())));
        return this;
    }

    public ZoneId localTimeZone() {
        return localTimeZone;
    }

    public Instant asOf() {
        return asOf;
    }

    /** Every lease read so far: joined RADIUS sessions, DHCP bindings and NAT mappings. */
    public List<AddressLease> leases() {
        finish();
        return leases;
    }

    /** The lines that could not be used, and why. */
    public List<ImportProblem> problems() {
        finish();
        return problems;
    }

    private void finish() {
        if (leases != null) {
            return;
        }
        List<ImportProblem> all = new ArrayList<>(readProblems);
        List<AddressLease> joined = new ArrayList<>(radius.leases(all));
        joined.addAll(dhcp.leases());
        joined.addAll(mappings);
        leases = List.copyOf(joined);
        problems = List.copyOf(all);
    }

    private void read(Path file, String what, RecordReader reader) throws IOException {
        leases = null;
        int problemsBefore = readProblems.size();
        int records;
        try (BufferedReader in = TextFiles.open(file)) {
            records = reader.read(in);
        }
        LOG.info("{}: {} {}, {} problems", file, records, what, readProblems.size() - problemsBefore);
    }

    private static List<Path> files(Path fileOrDirectory, String namePrefix) throws IOException {
        if (!Files.isDirectory(fileOrDirectory)) {
            return List.of(fileOrDirectory);
        }
        try (Stream<Path> walk = Files.walk(fileOrDirectory)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith(namePrefix))
                    .sorted()
                    .toList();
        }
    }

    @FunctionalInterface
    private interface RecordReader {
        int read(BufferedReader in) throws IOException;
    }
}
