package org.kizashi.active.dns;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.active.rpz.RpzValidator;
import org.kizashi.active.rpz.RpzZone;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Serial;

/**
 * The published versions of one policy zone: the current one, and a journal of the differences between recent
 * serials so that secondaries that are a few versions behind get an incremental transfer (IXFR, RFC 1995) instead of
 * the whole zone. A new version is validated first; one that fails keeps the last good version published.
 *
 * <p>Serials increase by at least one and follow the clock in seconds, so that a restarted server (whose journal is
 * gone) still publishes serials above those its secondaries have.
 */
public final class ZoneHistory {
    /** Journals holding more records than this fraction of the zone are dropped: a full transfer is cheaper. */
    private static final int MAX_DELTAS = 200;

    private final Clock clock;
    private volatile Version current;
    private final Deque<Delta> journal = new ArrayDeque<>();
    private long journalRecords;

    /** One version and its full-transfer messages, rendered on first use. */
    private static final class Version {
        final RpzZone zone;
        private volatile TransferMessages messages;

        Version(RpzZone zone) {
            this.zone = zone;
        }

        TransferMessages messages() {
            TransferMessages m = messages;
            if (m == null) {
                synchronized (this) {
                    m = messages;
                    if (m == null) {
                        m = TransferMessages.render(zone);
                        messages = m;
                    }
                }
            }
            return m;
        }
    }

    /** The records that changed from one serial to the next. */
    public record Delta(long fromSerial, long toSerial, List<Record> removed, List<Record> added) {
    }

    /** What {@link #publish} did: the new serial and the counts, or why the version was refused. */
    public record Publication(boolean published, long serial, int added, int removed, RpzValidator.Result validation) {
    }

    public ZoneHistory(RpzZone.Settings settings, PolicySet initial, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        RpzZone zone = new RpzZone(settings, clock.instant().getEpochSecond(), initial);
        RpzValidator.Result result = RpzValidator.validate(zone);
        if (!result.valid()) {
            throw new IllegalArgumentException("zone " + settings.origin() + " is not valid: " + result.problems());
        }
        this.current = new Version(zone);
    }

    public Name origin() {
        return current.zone.origin();
    }

    public RpzZone current() {
        return current.zone;
    }

    TransferMessages currentMessages() {
        return current.messages();
    }

    /** Renders the current version's full transfer now, so that the first secondary does not wait for it. */
    public void prepareTransfer() {
        current.messages();
    }

    /**
     * Publishes {@code next} as a new version if it is valid and differs from the current one.
     */
    public synchronized Publication publish(PolicySet next) {
        RpzZone previous = current.zone;
        long serial = nextSerial(previous.serial());
        RpzZone candidate = new RpzZone(previous.settings(), serial, next);
        RpzValidator.Result validation = RpzValidator.validate(candidate);
        if (!validation.valid()) {
            return new Publication(false, previous.serial(), 0, 0, validation);
        }
        List<Record> removed = new ArrayList<>();
        List<Record> added = new ArrayList<>();
        diff(previous, candidate, removed, added);
        if (removed.isEmpty() && added.isEmpty()) {
            return new Publication(false, previous.serial(), 0, 0, validation);
        }
        journal.addLast(new Delta(previous.serial(), serial, List.copyOf(removed), List.copyOf(added)));
        journalRecords += removed.size() + added.size();
        while (journal.size() > MAX_DELTAS || (journal.size() > 1 && journalRecords > next.size() + 2L)) {
            Delta dropped = journal.removeFirst();
            journalRecords -= dropped.removed().size() + dropped.added().size();
        }
        current = new Version(candidate);
        return new Publication(true, serial, added.size(), removed.size(), validation);
    }

    private long nextSerial(long previous) {
        long now = clock.instant().getEpochSecond() & 0xffff_ffffL;
        long plusOne = (previous + 1) & 0xffff_ffffL;
        return Serial.compare(now, plusOne) > 0 ? now : plusOne;
    }

    private static void diff(RpzZone before, RpzZone after, List<Record> removed, List<Record> added) {
        PolicySet old = before.policies();
        PolicySet now = after.policies();
        for (int id = 0; id < old.size(); id++) {
            int other = now.find(old.trigger(id));
            if (other == PolicySet.NO_MATCH || !old.samePolicy(id, now, other)) {
                removed.add(before.record(id));
            }
        }
        for (int id = 0; id < now.size(); id++) {
            int other = old.find(now.trigger(id));
            if (other == PolicySet.NO_MATCH || !now.samePolicy(id, old, other)) {
                added.add(after.record(id));
            }
        }
    }

    /**
     * The deltas that take a secondary from {@code serial} to the current serial, or empty when the journal does not
     * reach back that far (the secondary then gets the whole zone). An up-to-date serial gives an empty list.
     */
    public synchronized Optional<List<Delta>> deltasSince(long serial) {
        long currentSerial = current.zone.serial();
        if (Serial.compare(serial, currentSerial) >= 0) {
            return Optional.of(List.of());
        }
        List<Delta> path = new ArrayList<>();
        boolean started = false;
        for (Delta delta : journal) {
            if (!started && delta.fromSerial() == serial) {
                started = true;
            }
            if (started) {
                path.add(delta);
            }
        }
        return started && path.get(path.size() - 1).toSerial() == currentSerial ? Optional.of(path) : Optional.empty();
    }
}
