package org.kizashi.server.active;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kizashi.active.subscriber.AddressLease;
import org.kizashi.active.subscriber.ImportProblem;
import org.kizashi.active.subscriber.IspEntry;
import org.kizashi.active.subscriber.IspTable;
import org.kizashi.active.subscriber.LeaseImport;
import org.kizashi.active.subscriber.SubscriberResolver;
import org.kizashi.core.net.IpPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who has which address: the ISP table and the subscribers' address records (RADIUS accounting, DHCP leases, CGNAT
 * port blocks), re-read when a file changes. A file that cannot be read keeps what it gave before.
 */
final class Subscribers {
    private static final Logger LOG = LoggerFactory.getLogger(Subscribers.class);
    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    private final ActiveSettings settings;
    private final Map<Path, Long> stamps = new HashMap<>();
    private IspTable isps = IspTable.of(List.of());
    private List<AddressLease> leases = List.of();
    private List<String> problems = List.of();
    private SubscriberResolver resolver = SubscriberResolver.builder(isps).build();

    Subscribers(ActiveSettings settings) {
        this.settings = settings;
    }

    /** Re-reads the files if any changed; true when something was read. */
    synchronized boolean refresh(Instant now) {
        List<Path> files = new ArrayList<>();
        if (settings.ispTable() != null) {
            files.add(settings.ispTable());
        }
        settings.leases().forEach(l -> files.add(l.path()));
        boolean changed = false;
        for (Path file : files) {
            long stamp = stamp(file);
            if (!Long.valueOf(stamp).equals(stamps.get(file))) {
                stamps.put(file, stamp);
                changed = true;
            }
        }
        if (!changed) {
            return false;
        }
        List<String> found = new ArrayList<>();
        IspTable table = isps;
        if (settings.ispTable() != null) {
            try {
                table = IspTable.read(settings.ispTable());
                table.problems().forEach(p -> found.add(p.toString()));
            } catch (IOException e) {
                found.add(settings.ispTable() + ": " + e.getMessage() + " (the previous table stays in use)");
            }
        }
        LeaseImport imported = new LeaseImport(JAPAN, now);
        for (ActiveSettings.LeaseFile file : settings.leases()) {
            try {
                switch (file.kind()) {
                    case RADIUS -> imported.radiusDetail(file.path());
                    case DHCPD -> imported.iscDhcpdLeases(file.path());
                    case KEA -> imported.keaLeases(file.path());
                    case CGNAT -> imported.cgnatMappings(file.path());
                }
            } catch (IOException e) {
                found.add(file.path() + ": " + e.getMessage());
            }
        }
        imported.problems().stream().map(ImportProblem::toString).forEach(found::add);
        isps = table;
        leases = imported.leases();
        resolver = SubscriberResolver.builder(table).asOf(now).addAll(leases).build();
        problems = List.copyOf(found);
        if (!found.isEmpty()) {
            LOG.warn("ACTIVE: {} problem(s) in the subscriber records, first: {}", found.size(), found.get(0));
        }
        return true;
    }

    private static long stamp(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() * 31 + Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The addresses the subscriber of {@code isp} holds at {@code now} (whole addresses or prefixes, no port blocks). */
    synchronized List<IpPrefix> addressesOf(String isp, String subscriber, Instant now) {
        List<IpPrefix> addresses = new ArrayList<>();
        for (AddressLease lease : leases) {
            if (!lease.subscriber().equals(subscriber) || lease.ports() != null || lease.start().isAfter(now)
                    || (lease.end() != null && !now.isBefore(lease.end()))) {
                continue;
            }
            Optional<IspEntry> owner = isps.lookup(lease.addresses().network());
            if (owner.map(IspEntry::isp).orElse("").equals(isp) && !addresses.contains(lease.addresses())) {
                addresses.add(lease.addresses());
            }
        }
        return addresses;
    }

    /** The ISP that owns {@code address}, as the ISP table says. */
    synchronized Optional<String> ispOf(org.kizashi.core.net.IpAddress address) {
        return isps.lookup(address).map(IspEntry::isp);
    }

    /** The ISP's subscriber ranges, as the ISP table lists them. */
    synchronized List<IpPrefix> prefixesOf(String isp) {
        return isps.entries().stream().filter(e -> e.isp().equals(isp)).map(IspEntry::prefix).toList();
    }

    /** The ISPs of the table, by name. */
    synchronized java.util.SortedSet<String> ispNames() {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        isps.entries().forEach(e -> names.add(e.isp()));
        return names;
    }

    synchronized SubscriberResolver resolver() {
        return resolver;
    }

    synchronized List<String> problems() {
        return problems;
    }
}
