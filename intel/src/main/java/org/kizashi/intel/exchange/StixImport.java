package org.kizashi.intel.exchange;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.SharingScope;
import org.kizashi.core.intel.StixObjectRepository;
import org.kizashi.core.intel.StixObjectRepository.AddOutcome;
import org.kizashi.core.intel.StixObjectVersion;
import org.kizashi.intel.marking.HubMarkings;
import org.kizashi.intel.stix.StixProblem;
import org.kizashi.intel.stix.StixValidator;

/**
 * Imports STIX 2.1 bundles into a community at a level: reads the bundle as a stream (a bundle may be larger than
 * memory), validates every object on its own, stores the valid ones in batches (on a second thread, while the next
 * batch is validated) and reports each object's fate in bundle order. An
 * object whose TLP marking allows less than the level asked for is refused: importing never widens an object's
 * audience. When the input breaks off (malformed JSON), what was read before stays stored and is reported, and a
 * {@link StixInputException} names the place.
 */
public final class StixImport {
    /** Objects stored per repository call: one transaction each. */
    static final int BATCH = 2000;

    private final StixValidator validator;
    private final StixObjectRepository objects;
    private final ObjectMapper json;

    public StixImport(StixValidator validator, StixObjectRepository objects, ObjectMapper json) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The outcome of a read that broke off: what was read before, and where and why it stopped. */
    public static final class Interrupted extends Exception {
        private final transient ImportReport partial;
        private final StixInputException cause;

        Interrupted(ImportReport partial, StixInputException cause) {
            super(cause.getMessage(), cause);
            this.partial = partial;
            this.cause = cause;
        }

        public ImportReport partial() {
            return partial;
        }

        public StixInputException input() {
            return cause;
        }
    }

    /**
     * Imports one bundle.
     *
     * @param progress told the number of objects read so far, after each batch
     * @throws Interrupted when the input is not a readable bundle; its report says what was stored before
     */
    public ImportReport read(InputStream in, String source, SharingScope scope, boolean anonymised,
                             IntConsumer progress) throws Interrupted {
        List<StixProblem> bundleProblems = new ArrayList<>();
        List<ImportReport.Item> items = new ArrayList<>();
        ExecutorService writer = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("kizashi-stix-import").factory());
        try {
            return read(in, source, progress, bundleProblems, new Batch(scope, anonymised, items, writer));
        } finally {
            writer.shutdown(); // idle by now: every path finishes its batch
        }
    }

    private ImportReport read(InputStream in, String source, IntConsumer progress, List<StixProblem> bundleProblems,
                              Batch batch) throws Interrupted {
        try (JsonParser parser = json.getFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw input(source, parser, "expected a STIX bundle (a JSON object with \"type\": \"bundle\")", null);
            }
            boolean sawType = false;
            boolean sawId = false;
            boolean sawObjects = false;
            int index = 0;
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "type" -> {
                        sawType = true;
                        if (value != JsonToken.VALUE_STRING || !"bundle".equals(parser.getText())) {
                            throw input(source, parser, "\"type\" is not \"bundle\": this is not a STIX bundle", null);
                        }
                    }
                    case "id" -> {
                        sawId = true;
                        if (value != JsonToken.VALUE_STRING || !parser.getText().matches(
                                "bundle--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
                            bundleProblems.add(new StixProblem(StixProblem.Severity.ERROR, null, "/id",
                                    StixProblem.Code.IDENTIFIER, "bundle id '" + parser.getText()
                                    + "' is not 'bundle--' followed by a UUID"));
                        }
                        parser.skipChildren();
                    }
                    case "objects" -> {
                        sawObjects = true;
                        if (value != JsonToken.START_ARRAY) {
                            throw input(source, parser, "\"objects\" is not a list", null);
                        }
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            JsonNode object = parser.readValueAsTree();
                            batch.offer(index++, object);
                            if (batch.full()) {
                                batch.flush();
                                progress.accept(index);
                            }
                        }
                    }
                    default -> parser.skipChildren(); // spec_version (STIX 2.0 bundles) and custom properties
                }
            }
            if (!sawType) {
                throw input(source, parser, "no \"type\": \"bundle\": this is not a STIX bundle", null);
            }
            if (!sawId) {
                bundleProblems.add(new StixProblem(StixProblem.Severity.ERROR, null, "/id",
                        StixProblem.Code.REQUIRED, "the bundle has no id"));
            }
            if (!sawObjects) {
                bundleProblems.add(new StixProblem(StixProblem.Severity.WARNING, null, "/objects",
                        StixProblem.Code.REQUIRED, "the bundle has no objects"));
            }
            batch.finish();
            progress.accept(index);
            return new ImportReport(source, bundleProblems, batch.inOrder());
        } catch (StixInputException e) {
            batch.finish();
            throw new Interrupted(new ImportReport(source, bundleProblems, batch.inOrder()), e);
        } catch (JsonProcessingException e) {
            batch.finish();
            JsonLocation at = e.getLocation();
            StixInputException cause = new StixInputException(source, at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(), "malformed JSON: " + e.getOriginalMessage(), e);
            throw new Interrupted(new ImportReport(source, bundleProblems, batch.inOrder()), cause);
        } catch (IOException e) {
            batch.finish();
            throw new Interrupted(new ImportReport(source, bundleProblems, batch.inOrder()),
                    new StixInputException(source, 0, 0, "cannot read: " + e.getMessage(), e));
        }
    }

    private static StixInputException input(String source, JsonParser parser, String problem, Throwable cause) {
        JsonLocation at = parser.currentLocation();
        return new StixInputException(source, at.getLineNr(), at.getColumnNr(), problem, cause);
    }

    /** Valid objects waiting to be stored, with the report items they will complete. */
    private final class Batch {
        private final SharingScope scope;
        private final boolean anonymised;
        private final List<ImportReport.Item> items;
        private final List<StixObjectVersion> versions = new ArrayList<>(BATCH);
        private final List<Pending> pending = new ArrayList<>(BATCH);
        private final ExecutorService writer;
        private Future<?> writing;

        private record Pending(int index, String id, List<StixProblem> warnings) {
        }

        Batch(SharingScope scope, boolean anonymised, List<ImportReport.Item> items, ExecutorService writer) {
            this.scope = scope;
            this.anonymised = anonymised;
            this.items = items;
            this.writer = writer;
        }

        void offer(int index, JsonNode object) {
            List<StixProblem> problems = validator.validate(object);
            String id = object.path("id").isTextual() ? object.path("id").asText() : null;
            if (problems.stream().anyMatch(p -> p.severity() == StixProblem.Severity.ERROR)) {
                report(new ImportReport.Item(index, id, ImportReport.Status.INVALID, "", problems));
                return;
            }
            Optional<SharingLevel> allowed = HubMarkings.levelOf(object);
            if (allowed.isPresent() && !allowed.get().atLeastAsWideAs(scope.level())) {
                report(new ImportReport.Item(index, id, ImportReport.Status.REFUSED, "its markings allow at most "
                        + allowed.get().id() + " in the hub, narrower than " + scope.level().id(), problems));
                return;
            }
            versions.add(StixObjects.version(object));
            pending.add(new Pending(index, id, problems));
        }

        boolean full() {
            return versions.size() >= BATCH;
        }

        private void report(ImportReport.Item item) {
            synchronized (items) {
                items.add(item);
            }
        }

        /**
         * Hands the batch to the writer thread, after the previous batch is stored: the next batch is read and
         * validated while this one is written, and at most one waits.
         */
        void flush() {
            if (versions.isEmpty()) {
                return;
            }
            awaitWriter();
            List<StixObjectVersion> toStore = List.copyOf(versions);
            List<Pending> waiting = List.copyOf(pending);
            versions.clear();
            pending.clear();
            writing = writer.submit(() -> {
                List<AddOutcome> outcomes = objects.add(scope, anonymised, toStore);
                for (int k = 0; k < outcomes.size(); k++) {
                    Pending p = waiting.get(k);
                    AddOutcome o = outcomes.get(k);
                    ImportReport.Status status = switch (o.status()) {
                        case ADDED -> ImportReport.Status.ADDED;
                        case ALREADY_PRESENT -> ImportReport.Status.ALREADY_PRESENT;
                        case REFUSED -> ImportReport.Status.REFUSED;
                    };
                    report(new ImportReport.Item(p.index(), p.id(), status, o.reason(), p.warnings()));
                }
            });
        }

        /** Stores what is left and waits for the writer; a failure to store becomes this thread's. */
        void finish() {
            flush();
            awaitWriter();
        }

        private void awaitWriter() {
            if (writing == null) {
                return;
            }
            try {
                writing.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while storing objects", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("storing objects failed", e.getCause());
            } finally {
                writing = null;
            }
        }

        /** The items in bundle order (batches and invalid objects are reported as they come). */
        List<ImportReport.Item> inOrder() {
            synchronized (items) {
                List<ImportReport.Item> sorted = new ArrayList<>(items);
                sorted.sort(Comparator.comparingInt(ImportReport.Item::index));
                return sorted;
            }
        }
    }
}
