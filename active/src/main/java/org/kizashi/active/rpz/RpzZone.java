package org.kizashi.active.rpz;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.core.active.PolicyAction;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/**
 * One version of a Response Policy Zone: its settings, its serial and its entries. The records are made when asked
 * for (a transfer, a zone file), one at a time, so that a zone of a million entries costs the memory of its
 * {@link PolicySet} and not of a million DNS records.
 */
public final class RpzZone {
    private final Settings settings;
    private final long serial;
    private final PolicySet policies;
    private volatile int[] canonicalOrder;

    /**
     * How the zone is published.
     *
     * @param origin            the zone's name, for example {@code rpz.kizashi.}
     * @param ttl               TTL of the policy records: how long a resolver keeps a rewritten answer
     * @param warningHost       the walled garden's host (CNAME target), or null when no entry uses it; the
     *                          resolvers must be able to resolve it (the ISP's own zone): Unbound does not apply
     *                          a policy zone's local data to the target of its own CNAME
     * @param nameServer        the NS and SOA MNAME
     * @param hostmaster        the SOA RNAME
     */
    public record Settings(Name origin, long ttl, Name warningHost, Name nameServer, Name hostmaster, long refresh,
                           long retry, long expire, long minimum) {
        public Settings {
            Objects.requireNonNull(origin, "origin");
            if (!origin.isAbsolute()) {
                throw new IllegalArgumentException("zone name " + origin + " must be absolute");
            }
        }

        /** Defaults for a zone: TTL 60 s, refresh 5 min, retry 1 min, expire 1 week, negative TTL 60 s. */
        public static Settings of(Name origin, Name warningHost) {
            return new Settings(origin, 60, warningHost, Name.fromConstantString("localhost."),
                    Name.fromConstantString("hostmaster.localhost."), 300, 60, 604_800, 60);
        }

        public Settings withOrigin(Name newOrigin) {
            return new Settings(newOrigin, ttl, warningHost, nameServer, hostmaster, refresh, retry, expire, minimum);
        }
    }

    public RpzZone(Settings settings, long serial, PolicySet policies) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.serial = serial & 0xffff_ffffL;
        this.policies = Objects.requireNonNull(policies, "policies");
    }

    public Settings settings() {
        return settings;
    }

    public Name origin() {
        return settings.origin();
    }

    public long serial() {
        return serial;
    }

    public PolicySet policies() {
        return policies;
    }

    /** The same entries under another serial (republishing after a restart, or the next version's base). */
    public RpzZone withSerial(long newSerial) {
        return new RpzZone(settings, newSerial, policies);
    }

    public SOARecord soa() {
        return new SOARecord(settings.origin(), DClass.IN, settings.ttl(), settings.nameServer(),
                settings.hostmaster(), serial, settings.refresh(), settings.retry(), settings.expire(),
                settings.minimum());
    }

    /** The records at the apex (SOA, NS): everything that is not an entry. */
    public List<Record> fixedRecords() {
        return List.of(soa(), new NSRecord(settings.origin(), DClass.IN, settings.ttl(), settings.nameServer()));
    }

    /** Number of records of a full transfer, without the closing SOA. */
    public int recordCount() {
        return 2 + policies.size();
    }

    /**
     * The record of entry {@code id}.
     *
     * @throws IllegalArgumentException when its owner name does not fit in this zone (longer than 255 octets)
     */
    public Record record(int id) {
        return record(policies, id, settings);
    }

    static Record record(PolicySet policies, int id, Settings settings) {
        Name owner;
        try {
            owner = Name.fromString(RpzNames.relativeOwner(policies.trigger(id)), settings.origin());
        } catch (TextParseException e) {
            throw new IllegalArgumentException("entry " + policies.trigger(id) + " does not fit in zone "
                    + settings.origin() + ": " + e.getMessage(), e);
        }
        PolicyAction action = policies.action(id);
        return new CNAMERecord(owner, DClass.IN, settings.ttl(), RpzNames.target(action, settings.warningHost()));
    }

    /** Every record in transfer order (SOA first, no closing SOA; the entries in canonical order). */
    public void forEachRecord(Consumer<Record> consumer) {
        fixedRecords().forEach(consumer);
        for (int id : canonicalOrder()) {
            consumer.accept(record(id));
        }
    }

    /**
     * The entry ids in DNSSEC canonical order of their owner names (RFC 4034, 6.1), computed once per version. BIND
     * transfers zones in this order and Unbound builds its policy tree much faster from it (7 s instead of 14 s for a
     * million entries in our benchmark), so transfers and zone files use it.
     */
    public int[] canonicalOrder() {
        int[] order = canonicalOrder;
        if (order == null) {
            order = CanonicalOrder.of(policies);
            canonicalOrder = order;
        }
        return order;
    }

    /**
     * Writes the zone file at {@code file}: next to it first, then moved into place, so that a resolver or a
     * transfer never reads half a zone.
     */
    public void writeZoneFile(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII)) {
                writeZoneFile(writer);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Writes the zone in master-file format (absolute names, entries in canonical order), as named-checkzone and
     * Unbound read it. The policy lines are written from the entries' text directly: a dnsjava record and its
     * {@code toString} for each of a million entries would double the time of {@code active rpz}.
     */
    public void writeZoneFile(Writer out) throws IOException {
        out.write("; Response Policy Zone " + settings.origin() + " serial " + serial + ", " + policies.size()
                + " entries, written by Kizashi\n");
        for (Record fixed : fixedRecords()) {
            out.write(fixed.toString());
            out.write('\n');
        }
        String suffix = "." + settings.origin() + "\t" + settings.ttl() + "\tIN\tCNAME\t";
        StringBuilder line = new StringBuilder(128);
        for (int id : canonicalOrder()) {
            line.setLength(0);
            switch (policies.kind(id)) {
                case DOMAIN -> line.append(policies.name(id));
                case WILDCARD -> line.append("*.").append(policies.name(id));
                default -> line.append(RpzNames.relativeOwner(policies.trigger(id)));
            }
            line.append(suffix).append(RpzNames.target(policies.action(id), settings.warningHost())).append('\n');
            out.append(line);
        }
    }
}
