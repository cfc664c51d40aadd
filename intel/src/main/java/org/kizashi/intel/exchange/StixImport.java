package org.kizashi.intel.exchange;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * memory), validates every object on its own, stores the valid ones in batches and reports each object's fate. An
 * object whose TLP marking allows less than the level asked for is refused: importing never widens an object's
 * audience. When the input breaks off (malformed JSON), what was read before stays stored and is reported, and a
 * {@link StixInputException} names the place.
 */
public final class StixImport {
    /** Objects stored per repository call: one transaction each. */
    static final int BATCH = 500;

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
        Batch batch = new Batch(scope, anonymised, items);
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
            batch.flush();
            progress.accept(index);
            return new ImportReport(source, bundleProblems, items);
        } catch (StixInputException e) {
            batch.flush();
            throw new Interrupted(new ImportReport(source, bundleProblems, items), e);
        } catch (JsonProcessingException e) {
            batch.flush();
            JsonLocation at = e.getLocation();
            StixInputException cause = new StixInputException(source, at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(), "malformed JSON: " + e.getOriginalMessage(), e);
            throw new Interrupted(new ImportReport(source, bundleProblems, items), cause);
        } catch (IOException e) {
            batch.flush();
            throw new Interrupted(new ImportReport(source, bundleProblems, items),
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

        private record Pending(int index, String id, List<StixProblem> warnings) {
        }

        Batch(SharingScope scope, boolean anonymised, List<ImportReport.Item> items) {
            this.scope = scope;
            this.anonymised = anonymised;
            this.items = items;
        }

        void offer(int index, JsonNode object) {
            List<StixProblem> problems = validator.validate(object);
            String id = object.path("id").isTextual() ? object.path("id").asText() : null;
            if (problems.stream().anyMatch(p -> p.severity() == StixProblem.Severity.ERROR)) {
                flush(); // keep the report in bundle order
                items.add(new ImportReport.Item(index, id, ImportReport.Status.INVALID, "", problems));
                return;
            }
            Optional<SharingLevel> allowed = HubMarkings.levelOf(object);
            if (allowed.isPresent() && !allowed.get().atLeastAsWideAs(scope.level())) {
                flush();
                items.add(new ImportReport.Item(index, id, ImportReport.Status.REFUSED, "its markings allow at most "
                        + allowed.get().id() + " in the hub, narrower than " + scope.level().id(), problems));
                return;
            }
            versions.add(new StixObjectVersion(id, object.path("type").asText(),
                    object.path("spec_version").asText("2.1"), version(object), object.toString()));
            pending.add(new Pending(index, id, problems));
        }

        boolean full() {
            return versions.size() >= BATCH;
        }

        void flush() {
            if (versions.isEmpty()) {
                return;
            }
            List<AddOutcome> outcomes = objects.add(scope, anonymised, versions);
            for (int k = 0; k < outcomes.size(); k++) {
                Pending p = pending.get(k);
                AddOutcome o = outcomes.get(k);
                ImportReport.Status status = switch (o.status()) {
                    case ADDED -> ImportReport.Status.ADDED;
                    case ALREADY_PRESENT -> ImportReport.Status.ALREADY_PRESENT;
                    case REFUSED -> ImportReport.Status.REFUSED;
                };
                items.add(new ImportReport.Item(p.index(), p.id(), status, o.reason(), p.warnings()));
            }
            versions.clear();
            pending.clear();
        }
    }

    /** {@code modified}, else {@code created}; validated before, so they parse. */
    private static Optional<Instant> version(JsonNode object) {
        for (String field : new String[] {"modified", "created"}) {
            JsonNode value = object.get(field);
            if (value != null && value.isTextual()) {
                try {
                    return Optional.of(Instant.parse(value.asText()));
                } catch (DateTimeParseException e) {
                    return Optional.empty(); // the validator reported it
                }
            }
        }
        return Optional.empty();
    }
}
