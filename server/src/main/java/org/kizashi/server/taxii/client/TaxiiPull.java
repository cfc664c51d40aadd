package org.kizashi.server.taxii.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.intel.exchange.ImportReport;
import org.kizashi.intel.exchange.StixImport;
import org.kizashi.server.intel.IntelDesk;
import org.kizashi.server.taxii.TaxiiApi;

/**
 * Pulls one remote TAXII 2.1 collection into a sharing community: every page is imported through {@link IntelDesk}
 * at the level asked for, on behalf of a provider organisation (so objects whose markings allow less are refused by
 * the importer), and the last date added of each imported page is remembered, so that the next pull continues from
 * there, even after a pull that broke off.
 *
 * <p>The position is a small JSON file per remote collection and community in a state directory, named by the SHA-256
 * of both (pulling one collection into two communities keeps two positions), and replaced atomically.
 */
public final class TaxiiPull {
    /** Objects not stored that an outcome lists by name; the counts stay exact beyond. */
    static final int MAX_NOT_STORED_LISTED = 1000;

    private final IntelDesk desk;
    private final Path stateDirectory;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public TaxiiPull(IntelDesk desk, Path stateDirectory) {
        this(desk, stateDirectory, Clock.systemUTC());
    }

    TaxiiPull(IntelDesk desk, Path stateDirectory, Clock clock) {
        this.desk = Objects.requireNonNull(desk, "desk");
        this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What a pull did so far: pages read, objects received, what became of them (summed over the pages), the first
     * {@value #MAX_NOT_STORED_LISTED} that were not stored, and the date added after which the next pull continues.
     */
    public record Outcome(int pages, long received, long added, long alreadyPresent, long invalid, long refused,
                          List<NotStored> notStored, Optional<Instant> continuesAfter) {
        public Outcome {
            notStored = List.copyOf(notStored);
        }

        /** Every object received was stored or was there already. */
        public boolean allStored() {
            return invalid == 0 && refused == 0;
        }
    }

    /** An object not stored (invalid or refused), with the page it came in. */
    public record NotStored(int page, ImportReport.Item item) {
    }

    /** A pull that broke off: the pages before were imported and remembered; {@link #partial()} counts them. */
    public static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Outcome partial;

        Failed(String message, Outcome partial, Throwable cause) {
            super(message, cause);
            this.partial = partial;
        }

        public Outcome partial() {
            return partial;
        }
    }

    /**
     * Pulls what the remote collection added after the remembered position (or after {@code since}, when given, or
     * everything on a first pull).
     *
     * @param progress told the running outcome after each page
     * @throws Failed      when the remote failed or a page could not be read as a bundle; what came before is kept
     * @throws IOException when the position cannot be read or written
     */
    public Outcome pull(TaxiiClient client, Community community, SharingLevel level, Organisation provider,
                        Optional<Instant> since, Consumer<Outcome> progress)
            throws Failed, IOException, InterruptedException {
        URI collection = client.collection();
        Path state = stateFile(collection, community);
        Optional<Instant> start = since.isPresent() ? since : position(collection, community);
        Tally tally = new Tally(start);
        try {
            int pages = client.pull(start, page -> {
                importPage(page, collection, community, level, provider, tally);
                page.dateAddedLast().ifPresent(last -> {
                    remember(state, collection, community, last);
                    tally.continuesAfter = Optional.of(last);
                });
                progress.accept(tally.outcome());
            });
            tally.pages = pages;
            return tally.outcome();
        } catch (TaxiiClient.RemoteFailure e) {
            throw new Failed(e.getMessage(), tally.outcome(), e);
        } catch (PageNotImported e) {
            throw new Failed(e.getMessage(), tally.outcome(), e.getCause());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void importPage(TaxiiClient.Page page, URI collection, Community community, SharingLevel level,
                            Organisation provider, Tally tally) {
        String source = collection + " (page " + page.number() + ")";
        tally.pages = page.number();
        tally.received += page.objects();
        try {
            tally.add(page.number(), desk.importBundle(page.bundle(), source, community, level, provider, false,
                    n -> { }));
        } catch (StixImport.Interrupted e) {
            // Cannot happen with a bundle built from parsed JSON; if it does, stop before remembering the page.
            tally.add(page.number(), e.partial());
            throw new PageNotImported(source + ": " + e.getMessage(), e);
        }
    }

    /** Carries a failed page out of the client's consumer. */
    private static final class PageNotImported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PageNotImported(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The running sums of a pull. */
    private static final class Tally {
        int pages;
        long received;
        long added;
        long alreadyPresent;
        long invalid;
        long refused;
        final List<NotStored> notStored = new ArrayList<>();
        Optional<Instant> continuesAfter;

        Tally(Optional<Instant> start) {
            this.continuesAfter = start;
        }

        void add(int page, ImportReport report) {
            added += report.count(ImportReport.Status.ADDED);
            alreadyPresent += report.count(ImportReport.Status.ALREADY_PRESENT);
            invalid += report.count(ImportReport.Status.INVALID);
            refused += report.count(ImportReport.Status.REFUSED);
            for (ImportReport.Item item : report.items()) {
                boolean stored = item.status() == ImportReport.Status.ADDED
                        || item.status() == ImportReport.Status.ALREADY_PRESENT;
                if (!stored && notStored.size() < MAX_NOT_STORED_LISTED) {
                    notStored.add(new NotStored(page, item));
                }
            }
        }

        Outcome outcome() {
            return new Outcome(pages, received, added, alreadyPresent, invalid, refused, notStored, continuesAfter);
        }
    }

    // ---- the remembered position

    /** Where the last pull of this collection into this community got to, if one did. */
    public Optional<Instant> position(URI collection, Community community) throws IOException {
        Path file = stateFile(collection, community);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode state = json.readTree(file.toFile());
            JsonNode last = state == null ? null : state.get("date_added_last");
            if (last == null || !last.isTextual()) {
                throw new IOException("no date_added_last");
            }
            return Optional.of(Instant.parse(last.asText()));
        } catch (IOException | DateTimeParseException e) {
            throw new IOException("the pull position " + file + " is damaged (" + e.getMessage() + "): delete it to "
                    + "pull everything again, or give the date added to start after", e);
        }
    }

    /** The state file: one per remote collection and community. */
    Path stateFile(URI collection, Community community) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((collection + "\n" + community.collectionId())
                    .getBytes(StandardCharsets.UTF_8));
            return stateDirectory.resolve(HexFormat.of().formatHex(digest) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private void remember(Path file, URI collection, Community community, Instant dateAddedLast) {
        ObjectNode state = json.createObjectNode();
        state.put("collection", collection.toString());
        state.put("community", community.collectionId());
        state.put("community_name", community.name());
        state.put("date_added_last", TaxiiApi.timestamp(dateAddedLast));
        state.put("updated", TaxiiApi.timestamp(clock.instant()));
        try {
            writeAtomically(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot remember the pull position in " + file + ": "
                    + e.getMessage(), e));
        }
    }

    /** Writes a temporary file beside the target, forces it to disk and renames it: a reader sees old or new. */
    private static void writeAtomically(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
