package org.kizashi.server.taxii.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.intel.Community;
import org.kizashi.intel.exchange.ImportReport;
import org.kizashi.server.config.Configuration;
import org.kizashi.server.config.ConfigurationException;
import org.kizashi.server.config.Options;
import org.kizashi.server.intel.IntelDesk;
import org.kizashi.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pulls of a {@link PullSchedule}: each subscription with a fixed delay of its {@code every} after the end of
 * its last run, all on one daemon thread, so that runs never overlap (two runs of one subscription would race for its
 * position) and the hub's database sees one import at a time. A slow remote therefore delays the others; pulls are
 * hourly work, where that does not matter.
 *
 * <p>Positions are kept by {@link TaxiiPull} in the same state directory as {@code ./kizashi intel pull}, so a pull
 * from the command line and the server's continue from one position. A failed run is logged and retried at the next
 * interval; nothing stops the schedule but {@link #close()}.
 */
public final class ScheduledPulls implements AutoCloseable {
    public static final String THREAD_NAME = "kizashi-taxii-pulls";
    /** The first runs wait this long after start, so that they do not slow the start itself. */
    static final Duration FIRST_RUN_AFTER = Duration.ofSeconds(10);
    /** How long {@link #close()} lets a run finish its page before it interrupts it, and then waits again. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);
    /** Objects not stored that the log names per run; the counts say the rest. */
    private static final int NOT_STORED_LOGGED = 5;

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledPulls.class);

    /**
     * What the last run of a subscription did: when it started, when a run last succeeded, the error of the last run
     * (empty after a success), and the counts of the last run (of the pages before the failure, when it failed).
     */
    public record Status(String name, long runs, Optional<Instant> lastRun, Optional<Instant> lastSuccess,
                         Optional<String> lastError, int pages, long received, long added, long alreadyPresent,
                         long invalid, long refused, Optional<Instant> continuesAfter) {

        static Status never(String name) {
            return new Status(name, 0, Optional.empty(), Optional.empty(), Optional.empty(), 0, 0, 0, 0, 0, 0,
                    Optional.empty());
        }

        Status after(Instant started, Optional<Instant> succeeded, Optional<String> error, TaxiiPull.Outcome o) {
            return new Status(name, runs + 1, Optional.of(started), succeeded.or(() -> lastSuccess), error,
                    o.pages(), o.received(), o.added(), o.alreadyPresent(), o.invalid(), o.refused(),
                    o.continuesAfter().or(() -> continuesAfter));
        }
    }

    /** A subscription with its community and provider looked up. */
    private record Target(PullSchedule.Subscription subscription, Community community, Organisation provider) {
    }

    /** Thrown from the progress callback between pages when the schedule is closing: stops a run cleanly. */
    private static final class Closing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Closing() {
            super("stopped at shutdown", null, false, false);
        }
    }

    private final PullSchedule schedule;
    private final List<Target> targets;
    private final TaxiiPull pull;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /**
     * Looks up the communities and providers and starts the schedule; the first runs follow shortly.
     *
     * @param stateDirectory where positions are kept: {@code <data-dir>/taxii-pulls}, as {@code intel pull} keeps them
     * @throws ConfigurationException naming the file and entry of an unknown community or provider, or of two entries
     *                                that pull one collection into one community
     */
    public ScheduledPulls(PullSchedule schedule, IntelDesk desk, Path stateDirectory, Clock clock) {
        this(schedule, desk, stateDirectory, clock, FIRST_RUN_AFTER);
    }

    /** As the public constructor, with the delay before the first runs chosen: tests cannot wait. */
    ScheduledPulls(PullSchedule schedule, IntelDesk desk, Path stateDirectory, Clock clock, Duration firstRunAfter) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.targets = resolve(schedule, Objects.requireNonNull(desk, "desk"));
        this.pull = new TaxiiPull(desk, stateDirectory, clock);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        for (Target target : targets) {
            String name = target.subscription().name();
            statuses.put(name, Status.never(name));
            executor.scheduleWithFixedDelay(() -> run(target), firstRunAfter.toMillis(),
                    target.subscription().every().toMillis(), TimeUnit.MILLISECONDS);
        }
        LOG.info("Pulling {} TAXII collection(s) on a schedule from {}: {}", targets.size(), schedule.file(),
                String.join(", ", targets.stream().map(t -> t.subscription().name() + " every "
                        + PullSchedule.describe(t.subscription().every())).toList()));
    }

    /**
     * The scheduled pulls the option {@code intel.pulls} names, or none when it is empty; positions go under the
     * data directory, where {@code intel pull} keeps them.
     *
     * @throws ConfigurationException when the file cannot be read, is malformed, or names unknown communities or
     *                                providers
     */
    public static Optional<ScheduledPulls> fromConfiguration(Configuration config, Database database, Clock clock) {
        String file = config.get(Options.INTEL_PULLS).trim();
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            PullSchedule schedule = PullSchedule.read(Path.of(file));
            Path state = Path.of(config.get(Options.DATA_DIR)).resolve("taxii-pulls");
            return Optional.of(new ScheduledPulls(schedule, new IntelDesk(database), state, clock));
        } catch (ConfigurationException e) {
            throw new ConfigurationException(Options.INTEL_PULLS.key() + " (from " + config.origin(Options.INTEL_PULLS)
                    + "): " + e.getMessage(), e);
        }
    }

    private static List<Target> resolve(PullSchedule schedule, IntelDesk desk) {
        List<Target> targets = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, PullSchedule.Subscription> byPosition = new HashMap<>();
        for (PullSchedule.Subscription s : schedule.pulls()) {
            String at = schedule.file() + ": " + s.pointer();
            String entry = " (pull '" + s.name() + "'): ";
            Community community = null;
            Organisation provider = null;
            try {
                community = desk.community(s.community());
            } catch (IllegalArgumentException e) {
                problems.add(at + "/community" + entry + e.getMessage());
            }
            try {
                provider = desk.organisation(s.provider());
            } catch (IllegalArgumentException e) {
                problems.add(at + "/provider" + entry + e.getMessage());
            }
            if (community == null || provider == null) {
                continue;
            }
            // TaxiiPull keeps one position per collection and community: two entries would move each other's.
            PullSchedule.Subscription earlier = byPosition.putIfAbsent(s.collection() + "\n" + community.id(), s);
            if (earlier != null) {
                problems.add(at + entry + "pulls the same collection into the same community as " + earlier.pointer()
                        + " ('" + earlier.name() + "'); the two would share one position");
                continue;
            }
            targets.add(new Target(s, community, provider));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("\n", problems));
        }
        return List.copyOf(targets);
    }

    /** One run of one subscription; every outcome is logged and kept, and nothing escapes to stop the schedule. */
    private void run(Target target) {
        if (closing) {
            return;
        }
        PullSchedule.Subscription s = target.subscription();
        Instant started = clock.instant();
        // The running outcome, so that a run that breaks off still counts the pages it imported.
        AtomicReference<TaxiiPull.Outcome> sofar = new AtomicReference<>(empty());
        try (TaxiiClient client = s.client().build()) {
            TaxiiPull.Outcome outcome = pull.pull(client, target.community(), s.level(), target.provider(),
                    Optional.empty(), o -> {
                        sofar.set(o);
                        if (closing) {
                            throw new Closing();
                        }
                    });
            keepStatus(s, started, Optional.of(clock.instant()), Optional.empty(), outcome);
            logSuccess(s, outcome);
        } catch (TaxiiPull.Failed e) {
            fail(s, started, e.getMessage(), e.partial());
        } catch (IOException e) {
            fail(s, started, e.getMessage(), sofar.get());
        } catch (Closing e) {
            keepStatus(s, started, Optional.empty(), Optional.of(e.getMessage()), sofar.get());
            LOG.info("TAXII pull {}: stopped at shutdown; the pages before are kept", s.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            keepStatus(s, started, Optional.empty(), Optional.of("interrupted at shutdown"), sofar.get());
            LOG.info("TAXII pull {}: interrupted at shutdown; the pages before are kept", s.name());
        } catch (RuntimeException e) {
            keepStatus(s, started, Optional.empty(), Optional.of(String.valueOf(e)), sofar.get());
            LOG.error("TAXII pull {} failed unexpectedly; retrying in {}", s.name(),
                    PullSchedule.describe(s.every()), e);
        }
    }

    private static TaxiiPull.Outcome empty() {
        return new TaxiiPull.Outcome(0, 0, 0, 0, 0, 0, List.of(), Optional.empty());
    }

    private void fail(PullSchedule.Subscription s, Instant started, String message, TaxiiPull.Outcome partial) {
        keepStatus(s, started, Optional.empty(), Optional.of(message), partial);
        String before = partial.pages() == 0 ? "" : " after " + counts(partial);
        LOG.warn("TAXII pull {} failed{}: {}; retrying in {}", s.name(), before, message,
                PullSchedule.describe(s.every()));
    }

    private void keepStatus(PullSchedule.Subscription s, Instant started, Optional<Instant> succeeded,
                            Optional<String> error, TaxiiPull.Outcome outcome) {
        statuses.compute(s.name(), (name, status) -> (status == null ? Status.never(name) : status)
                .after(started, succeeded, error, outcome));
    }

    private static void logSuccess(PullSchedule.Subscription s, TaxiiPull.Outcome o) {
        String after = o.continuesAfter().map(a -> "; continues after " + a).orElse("");
        if (o.allStored()) {
            LOG.info("TAXII pull {}: {}{}", s.name(), counts(o), after);
            return;
        }
        List<String> examples = o.notStored().stream().limit(NOT_STORED_LOGGED).map(n -> notStored(n.item()))
                .toList();
        LOG.warn("TAXII pull {}: {}{}; not stored: {}{}", s.name(), counts(o), after, String.join("; ", examples),
                o.invalid() + o.refused() > examples.size() ? "; ..." : "");
    }

    private static String counts(TaxiiPull.Outcome o) {
        return o.pages() + " pages, " + o.received() + " received, " + o.added() + " added, " + o.alreadyPresent()
                + " already present, " + o.invalid() + " invalid, " + o.refused() + " refused";
    }

    private static String notStored(ImportReport.Item item) {
        String id = item.id() == null ? "object " + item.index() : item.id();
        String why = item.reason() != null ? item.reason()
                : item.problems().isEmpty() ? "" : item.problems().get(0).message();
        return id + " " + item.status().name().toLowerCase(Locale.ROOT) + (why.isEmpty() ? "" : ": " + why);
    }

    /** The last outcome of every subscription, in the order of the file. */
    public List<Status> statuses() {
        return targets.stream().map(t -> statuses.get(t.subscription().name())).toList();
    }

    public PullSchedule schedule() {
        return schedule;
    }

    /**
     * Stops the schedule: no run starts any more, a run under way stops after its current page (whose position is
     * kept), and one still busy after {@link #STOP_WAIT} is interrupted and waited for as long again.
     */
    @Override
    public void close() {
        closing = true;
        executor.shutdown(); // cancels the periodic runs that are not under way
        try {
            if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow(); // interrupts a request the remote is slow to answer
                if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("The TAXII pulls did not stop within {}; leaving the daemon thread behind",
                            PullSchedule.describe(STOP_WAIT.multipliedBy(2)));
                }
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
