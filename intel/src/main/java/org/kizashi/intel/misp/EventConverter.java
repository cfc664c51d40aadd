package org.kizashi.intel.misp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.intel.misp.AttributeTypes.AttributeType;
import org.kizashi.intel.misp.Galaxies.Cluster;
import org.kizashi.intel.misp.ObjectTemplates.Mapped;
import org.kizashi.intel.misp.ObjectTemplates.ObjectAttribute;
import org.kizashi.intel.stix.StixProblem;
import org.kizashi.intel.stix.StixValidator;

/** The conversion of one MISP event; one instance per event. */
final class EventConverter {
    private static final Map<Integer, String> THREAT_LEVELS = Map.of(1, "high", 2, "medium", 3, "low",
            4, "undefined");
    private static final Map<Integer, String> ANALYSIS = Map.of(0, "initial", 1, "ongoing", 2, "completed");

    /** What a MISP attribute says about itself, read once. */
    private record Attribute(String uuid, String type, String value, String category, boolean toIds,
                             Instant modified, Instant firstSeen, Instant lastSeen, String comment,
                             List<String> tags, SharingLevel level, List<Cluster> clusters) {
    }

    /** A relationship to make once every object's level is known (its level is the narrower end's). */
    private record Link(String sourceId, String type, String targetId, Instant time) {
    }

    private final StixValidator validator;
    private final MispNode event;
    private final Map<String, ObjectNode> objects = new LinkedHashMap<>();
    private final Map<String, SharingLevel> levels = new HashMap<>();
    private final List<Link> links = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> pointerByUuid = new HashMap<>();
    private String eventUuid;
    private String reportId;
    private String identityId;
    private Instant eventModified;
    private SharingLevel eventLevel;

    private EventConverter(MispNode event, StixValidator validator) {
        this.event = event;
        this.validator = validator;
    }

    static MispConversion convert(MispNode event, StixValidator validator) throws MispFormatException {
        return new EventConverter(event, validator).convert();
    }

    private MispConversion convert() throws MispFormatException {
        event.requireObject();
        eventUuid = event.get("uuid").requiredUuid();
        pointerByUuid.put(eventUuid, event.get("uuid").pointer());
        String info = event.get("info").requiredText();
        Instant date = event.get("date").requiredDate();
        eventModified = event.get("timestamp").requiredEpochSeconds();
        Instant published = event.get("publish_timestamp").epochSeconds();
        reportId = Stix.id("report", eventUuid);
        List<String> tags = tags(event.get("Tag"));
        eventLevel = eventLevel(tags);

        ObjectNode identity = identity();
        for (MispNode attribute : event.get("Attribute").items()) {
            attribute(attribute);
        }
        for (MispNode object : event.get("Object").items()) {
            object(object);
        }
        Set<String> labels = new LinkedHashSet<>(tags);
        List<Cluster> eventClusters = Galaxies.read(event.get("Galaxy"));
        for (Cluster cluster : eventClusters) {
            if (cluster.sdo() == null) {
                labels.add(cluster.label());
            } else {
                add(cluster.sdo(), eventLevel);
            }
        }
        // An actor named beside a malware family in one event uses it (MISP's converter links them so).
        for (Cluster actor : eventClusters) {
            for (Cluster malware : eventClusters) {
                if (actor.sdo() != null && malware.sdo() != null && actor.type().equals("threat-actor")
                        && malware.type().equals("malware")) {
                    links.add(new Link(actor.id(), "uses", malware.id(), eventModified));
                }
            }
        }
        label(labels, "misp:threat-level", THREAT_LEVELS, event.get("threat_level_id"));
        label(labels, "misp:analysis", ANALYSIS, event.get("analysis"));
        for (Link link : links) {
            relationship(link);
        }
        int reports = event.get("EventReport").items().size();
        if (reports > 0) {
            warnings.add("event " + eventUuid + ": " + reports + " event report(s) (free text) not imported");
        }
        if (objects.isEmpty() && identity == null) {
            emptyEventNote();
        }

        ObjectNode report = Stix.sdo("report", reportId, identityId, date, eventModified);
        report.put("name", info);
        report.put("published", Stix.timestamp(published != null && published.getEpochSecond() > 0
                ? published : date));
        report.putArray("report_types").add("threat-report");
        if (!labels.isEmpty()) {
            labels.forEach(report.putArray("labels")::add);
        }
        ArrayNode refs = report.putArray("object_refs");
        if (identity != null) {
            refs.add(identityId);
        }
        objects.keySet().forEach(refs::add);

        List<ObjectNode> bundle = new ArrayList<>();
        if (identity != null) {
            bundle.add(identity);
        }
        bundle.add(report);
        bundle.addAll(objects.values());
        Map<String, SharingLevel> narrower = new LinkedHashMap<>();
        for (ObjectNode object : bundle) {
            String id = object.get("id").textValue();
            SharingLevel level = levels.getOrDefault(id, eventLevel);
            if (level.ordinal() < eventLevel.ordinal()) {
                narrower.put(id, level);
            }
        }
        return new MispConversion(eventUuid, info, eventLevel, bundle, narrower, warnings);
    }

    // ---- the event ----

    private SharingLevel eventLevel(List<String> tags) throws MispFormatException {
        MispNode node = event.get("distribution");
        Integer distribution = node.code();
        if (distribution != null && distribution >= SharingLevels.INHERIT) {
            throw node.problem("an event's distribution is 0 to 4, found " + distribution);
        }
        SharingLevel tlp = SharingLevels.ofTlpTags(tags);
        if (tlp != null) {
            return tlp;
        }
        if (distribution == null) {
            warnings.add("event " + eventUuid + ": no distribution and no TLP tag; RED assumed");
            return SharingLevel.RED;
        }
        return SharingLevels.ofDistribution(distribution);
    }

    /** The creator organisation (Orgc, else Org) as an identity; null when the event names none. */
    private ObjectNode identity() throws MispFormatException {
        MispNode org = event.get("Orgc").present() ? event.get("Orgc") : event.get("Org");
        if (!org.present()) {
            warnings.add("event " + eventUuid + ": no Orgc or Org; the objects have no created_by_ref");
            return null;
        }
        org.requireObject();
        identityId = Stix.id("identity", org.get("uuid").requiredUuid());
        ObjectNode identity = Stix.sdo("identity", identityId, null, Stix.TIMELESS, Stix.TIMELESS);
        identity.put("name", org.get("name").requiredText());
        identity.put("identity_class", "organization");
        return identity;
    }

    private void emptyEventNote() {
        ObjectNode note = sdo("note", Stix.derivedId("note", eventUuid + "|empty"), eventModified, eventModified);
        note.put("content", "This MISP event has no attribute, object or galaxy.");
        note.putArray("object_refs").add(reportId);
        add(note, eventLevel);
    }

    private static void label(Set<String> labels, String name, Map<Integer, String> names, MispNode node)
            throws MispFormatException {
        Integer code = node.code();
        if (code != null && names.containsKey(code)) {
            labels.add(name + "=\"" + names.get(code) + "\"");
        }
    }

    // ---- attributes ----

    private void attribute(MispNode node) throws MispFormatException {
        node.requireObject();
        String type = node.get("type").requiredText();
        String uuid = uniqueUuid(node.get("uuid"));
        if (node.get("deleted").flag(false)) {
            warnings.add("attribute " + uuid + " (type '" + type + "'): deleted in MISP, not imported");
            return;
        }
        Attribute a = read(node, type, uuid, eventLevel);
        List<ObjectNode> made = new ArrayList<>();
        String mainId = convertAttribute(a, made);
        String problem = firstError(made);
        if (problem != null) {
            made.clear();
            ObjectNode note = attributeNote(a);
            warnings.add(describe(a) + ": " + problem + "; kept as " + note.get("id").textValue());
            made.add(note);
            mainId = null;
        }
        made.forEach(o -> add(o, a.level()));
        addClusters(a.clusters(), mainId, a.level(), a.modified());
    }

    private Attribute read(MispNode node, String type, String uuid, SharingLevel inherited)
            throws MispFormatException {
        String value = node.get("value").requiredText();
        Instant modified = node.get("timestamp").epochSeconds();
        Instant firstSeen = node.get("first_seen").isoTime();
        Instant lastSeen = node.get("last_seen").isoTime();
        List<String> tags = tags(node.get("Tag"));
        MispNode distributionNode = node.get("distribution");
        Integer distribution = distributionNode.code();
        if (distribution != null && distribution > SharingLevels.INHERIT) {
            throw distributionNode.problem("a distribution is 0 to 5, found " + distribution);
        }
        SharingLevel own = SharingLevels.ofTlpTags(tags);
        if (own == null && distribution != null) {
            own = SharingLevels.ofDistribution(distribution);
        }
        SharingLevel level = own == null ? inherited : SharingLevels.narrower(inherited, own);
        return new Attribute(uuid, type, value, node.get("category").text(), node.get("to_ids").flag(false),
                modified == null ? eventModified : modified, firstSeen, lastSeen, node.get("comment").text(), tags,
                level, Galaxies.read(node.get("Galaxy")));
    }

    /** Adds what the attribute becomes to {@code made}; the id of its main object, for relationships. */
    private String convertAttribute(Attribute a, List<ObjectNode> made) {
        AttributeType type = AttributeTypes.get(a.type());
        if (type == null) {
            ObjectNode note = attributeNote(a);
            warnings.add(describe(a) + ": no STIX mapping for this type; kept as " + note.get("id").textValue());
            made.add(note);
            return null;
        }
        List<String> labels = attributeLabels(a);
        switch (type.kind()) {
            case TEXT -> {
                made.add(attributeNote(a));
                return null;
            }
            case SIGNATURE -> {
                made.add(indicator(Stix.id("indicator", a.uuid()), a.value(), a.type(), a, labels));
                return made.getFirst().get("id").textValue();
            }
            case VULNERABILITY, CAMPAIGN -> {
                String stixType = type.kind() == AttributeTypes.Kind.VULNERABILITY ? "vulnerability" : "campaign";
                ObjectNode sdo = sdo(stixType, Stix.id(stixType, a.uuid()), a.modified(), a.modified());
                sdo.put("name", a.value());
                if (a.comment() != null) {
                    sdo.put("description", a.comment());
                }
                if (stixType.equals("vulnerability") && a.value().matches("CVE-\\d{4}-\\d{4,}")) {
                    sdo.putArray("external_references").addObject().put("source_name", "cve")
                            .put("external_id", a.value());
                }
                labels.forEach(sdo.withArray("labels")::add);
                made.add(sdo);
                return sdo.get("id").textValue();
            }
            default -> {
                // OBSERVABLE, below
            }
        }
        List<String> parts = type.parts(a.value());
        if (parts == null) {
            ObjectNode note = attributeNote(a);
            warnings.add(describe(a) + ": value '" + a.value() + "' lacks the '|' its type has; kept as "
                    + note.get("id").textValue());
            made.add(note);
            return null;
        }
        try {
            if (a.toIds()) {
                Observation observation = new Observation();
                type.pattern().add(parts, observation);
                made.add(indicator(Stix.id("indicator", a.uuid()), observation.pattern(), "stix", a, labels));
            } else if (type.observables() == null) {
                made.add(attributeNote(a)); // no SCO holds this type alone (user-agent, port...)
                return null;
            } else {
                Observables observables = new Observables();
                type.observables().add(parts, a.uuid(), observables);
                made.add(observedData(Stix.id("observed-data", a.uuid()), observables, a.modified(), a.firstSeen(),
                        a.lastSeen(), labels));
                made.addAll(observables.all());
            }
        } catch (IllegalArgumentException e) {
            made.clear();
            ObjectNode note = attributeNote(a);
            warnings.add(describe(a) + ": " + e.getMessage() + "; kept as " + note.get("id").textValue());
            made.add(note);
            return null;
        }
        return made.getFirst().get("id").textValue();
    }

    private List<String> attributeLabels(Attribute a) {
        List<String> labels = new ArrayList<>();
        labels.add("misp:type=\"" + a.type() + "\"");
        if (a.category() != null) {
            labels.add("misp:category=\"" + a.category() + "\"");
        }
        labels.add("misp:to_ids=\"" + (a.toIds() ? "True" : "False") + "\"");
        labels.addAll(a.tags());
        return labels;
    }

    /** A note that keeps an attribute's type and value: text attributes, and what could not be mapped. */
    private ObjectNode attributeNote(Attribute a) {
        ObjectNode note = sdo("note", Stix.id("note", a.uuid()), a.modified(), a.modified());
        note.put("abstract", a.comment() != null ? a.comment() : "MISP " + a.type() + " attribute");
        note.put("content", a.value());
        note.putArray("object_refs").add(reportId);
        attributeLabels(a).forEach(note.putArray("labels")::add);
        return note;
    }

    private ObjectNode indicator(String id, String pattern, String patternType, Attribute a, List<String> labels) {
        ObjectNode indicator = indicator(id, pattern, patternType, a.modified(), a.firstSeen(), a.lastSeen(),
                a.category(), labels);
        if (a.comment() != null) {
            indicator.put("description", a.comment());
        }
        return indicator;
    }

    private ObjectNode indicator(String id, String pattern, String patternType, Instant modified, Instant firstSeen,
                                 Instant lastSeen, String category, List<String> labels) {
        ObjectNode indicator = sdo("indicator", id, modified, modified);
        indicator.put("pattern", pattern);
        indicator.put("pattern_type", patternType);
        if (patternType.equals("stix")) {
            indicator.put("pattern_version", "2.1");
        }
        Instant validFrom = firstSeen != null ? firstSeen : modified;
        indicator.put("valid_from", Stix.timestamp(validFrom));
        if (lastSeen != null && lastSeen.isAfter(validFrom)) {
            indicator.put("valid_until", Stix.timestamp(lastSeen));
        }
        if (category != null) {
            // MISP's converter records the category as a kill chain phase; STIX wants it lowercase-hyphenated.
            indicator.putArray("kill_chain_phases").addObject().put("kill_chain_name", "misp-category")
                    .put("phase_name", category.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                            .replaceAll("^-|-$", ""));
        }
        labels.forEach(indicator.putArray("labels")::add);
        return indicator;
    }

    private ObjectNode observedData(String id, Observables observables, Instant modified, Instant firstSeen,
                                    Instant lastSeen, List<String> labels) {
        ObjectNode data = sdo("observed-data", id, modified, modified);
        Instant first = firstSeen != null ? firstSeen : modified;
        Instant last = lastSeen != null && !lastSeen.isBefore(first) ? lastSeen : first;
        data.put("first_observed", Stix.timestamp(first));
        data.put("last_observed", Stix.timestamp(last));
        data.put("number_observed", 1);
        observables.ids().forEach(data.putArray("object_refs")::add);
        labels.forEach(data.putArray("labels")::add);
        return data;
    }

    // ---- MISP objects ----

    private void object(MispNode node) throws MispFormatException {
        node.requireObject();
        String name = node.get("name").requiredText();
        String uuid = uniqueUuid(node.get("uuid"));
        if (node.get("deleted").flag(false)) {
            warnings.add("object " + uuid + " (" + name + "): deleted in MISP, not imported");
            return;
        }
        Instant objectModified = node.get("timestamp").epochSeconds();
        Instant modified = objectModified == null ? eventModified : objectModified;
        MispNode distributionNode = node.get("distribution");
        Integer distribution = distributionNode.code();
        if (distribution != null && distribution > SharingLevels.INHERIT) {
            throw distributionNode.problem("a distribution is 0 to 5, found " + distribution);
        }
        SharingLevel objectLevel = distribution == null || distribution == SharingLevels.INHERIT ? eventLevel
                : SharingLevels.narrower(eventLevel, SharingLevels.ofDistribution(distribution));
        SharingLevel level = objectLevel;
        List<Attribute> attributes = new ArrayList<>();
        List<ObjectAttribute> parts = new ArrayList<>();
        for (MispNode attributeNode : node.get("Attribute").items()) {
            attributeNode.requireObject();
            String type = attributeNode.get("type").requiredText();
            String attributeUuid = uniqueUuid(attributeNode.get("uuid"));
            if (attributeNode.get("deleted").flag(false)) {
                warnings.add("attribute " + attributeUuid + " (type '" + type + "') of object " + uuid + " ("
                        + name + "): deleted in MISP, not imported");
                continue;
            }
            Attribute a = read(attributeNode, type, attributeUuid, objectLevel);
            String relation = attributeNode.get("object_relation").text();
            attributes.add(a);
            parts.add(new ObjectAttribute(a.uuid(), relation == null ? type : relation, type, a.value(),
                    attributeNode.pointer()));
            level = SharingLevels.narrower(level, a.level());
        }
        boolean toIds = attributes.stream().anyMatch(Attribute::toIds);
        List<String> labels = new ArrayList<>(List.of("misp:name=\"" + name + "\""));
        String metaCategory = node.get("meta-category").text();
        if (metaCategory != null) {
            labels.add("misp:meta-category=\"" + metaCategory + "\"");
        }
        labels.add("misp:to_ids=\"" + (toIds ? "True" : "False") + "\"");
        attributes.stream().flatMap(a -> a.tags().stream()).distinct().filter(t -> !labels.contains(t))
                .forEach(labels::add);
        String comment = node.get("comment").text();
        Instant firstSeen = node.get("first_seen").isoTime();
        Instant lastSeen = node.get("last_seen").isoTime();

        List<ObjectNode> made = new ArrayList<>();
        String mainId = null;
        String unmapped = null;
        if (!ObjectTemplates.has(name)) {
            unmapped = "no STIX mapping for this object template";
        } else {
            Mapped mapped = ObjectTemplates.map(name, uuid, parts);
            if (mapped.observation.isEmpty()) {
                unmapped = "none of its attributes maps to STIX in this template";
            } else {
                ObjectNode main = toIds
                        ? indicator(Stix.id("indicator", uuid), mapped.observation.pattern(), "stix", modified,
                        firstSeen, lastSeen, metaCategory, labels)
                        : observedData(Stix.id("observed-data", uuid), mapped.observables, modified, firstSeen,
                        lastSeen, labels);
                if (comment != null) {
                    main.put("description", comment);
                }
                mainId = main.get("id").textValue();
                made.add(main);
                if (!toIds) {
                    made.addAll(mapped.observables.all());
                }
                if (!mapped.leftOvers.isEmpty()) {
                    String noteId = Stix.derivedId("note", Stix.id("indicator", uuid) + "|left-overs");
                    made.add(objectNote(noteId, name, mapped.leftOvers, modified, mainId, labels,
                            "MISP " + name + " object: attributes without a STIX property"));
                    for (ObjectAttribute left : mapped.leftOvers) {
                        warnings.add("attribute " + left.uuid() + " (type '" + left.type() + "', relation '"
                                + left.relation() + "') of object " + uuid + " (" + name + "): no STIX property"
                                + " in this template; kept in " + noteId);
                    }
                }
            }
        }
        String problem = unmapped == null ? firstError(made) : unmapped;
        if (problem != null) {
            made.clear();
            ObjectNode note = objectNote(Stix.id("note", uuid), name, parts, modified, reportId, labels,
                    comment != null ? comment : "MISP " + name + " object");
            made.add(note);
            mainId = null;
            warnings.add("object " + uuid + " (" + name + ") with attributes " + parts.stream()
                    .map(p -> p.uuid() + " (type '" + p.type() + "')").collect(Collectors.joining(", "))
                    + ": " + problem + "; kept as " + note.get("id").textValue());
        }
        SharingLevel unitLevel = level;
        made.forEach(o -> add(o, unitLevel));
        for (Attribute a : attributes) {
            addClusters(a.clusters(), mainId, unitLevel, modified);
        }
    }

    private ObjectNode objectNote(String id, String template, List<ObjectAttribute> attributes, Instant modified,
                                  String about, List<String> labels, String summary) {
        ObjectNode note = sdo("note", id, modified, modified);
        note.put("abstract", summary);
        note.put("content", attributes.stream()
                .map(a -> a.relation() + " (" + a.type() + "): " + a.value())
                .collect(Collectors.joining("\n", "MISP " + template + " object\n", "")));
        note.putArray("object_refs").add(about);
        labels.forEach(note.putArray("labels")::add);
        return note;
    }

    // ---- galaxies and relationships ----

    /** Clusters of an attribute: SDOs linked to its main object; other clusters become labels on it. */
    private void addClusters(List<Cluster> clusters, String mainId, SharingLevel level, Instant time) {
        for (Cluster cluster : clusters) {
            ObjectNode main = mainId == null ? null : objects.get(mainId);
            if (cluster.sdo() == null) {
                if (main != null && !contains(main.withArray("labels"), cluster.label())) {
                    main.withArray("labels").add(cluster.label());
                }
                continue;
            }
            add(cluster.sdo(), level);
            if (main != null) {
                String type = Stix.typeOf(mainId).equals("indicator") ? "indicates" : "related-to";
                links.add(new Link(mainId, type, cluster.id(), time));
            }
        }
    }

    private void relationship(Link link) {
        String id = Stix.derivedId("relationship", eventUuid + "|" + link.sourceId() + "|" + link.type() + "|"
                + link.targetId());
        if (objects.containsKey(id)) {
            return;
        }
        ObjectNode relationship = sdo("relationship", id, link.time(), link.time());
        relationship.put("relationship_type", link.type());
        relationship.put("source_ref", link.sourceId());
        relationship.put("target_ref", link.targetId());
        add(relationship, SharingLevels.narrower(levels.get(link.sourceId()), levels.get(link.targetId())));
    }

    // ---- shared helpers ----

    private ObjectNode sdo(String type, String id, Instant created, Instant modified) {
        return Stix.sdo(type, id, identityId, created, modified);
    }

    /**
     * Adds an object at a level. An object made twice (a galaxy cluster several attributes name) is kept once, at
     * the widest of its levels: its content is shared at each of them anyway.
     */
    private void add(ObjectNode object, SharingLevel level) {
        String id = object.get("id").textValue();
        objects.putIfAbsent(id, object);
        levels.merge(id, level, SharingLevels::wider);
    }

    private String uniqueUuid(MispNode node) throws MispFormatException {
        String uuid = node.requiredUuid();
        String first = pointerByUuid.putIfAbsent(uuid, node.pointer());
        if (first != null) {
            throw node.problem("uuid " + uuid + " is also at " + first);
        }
        return uuid;
    }

    private List<String> tags(MispNode tags) throws MispFormatException {
        List<String> names = new ArrayList<>();
        for (MispNode tag : tags.items()) {
            tag.requireObject();
            names.add(tag.get("name").requiredText());
        }
        return names;
    }

    /** The first error the validator finds in {@code made}, or null. */
    private String firstError(List<ObjectNode> made) {
        for (ObjectNode object : made) {
            for (StixProblem problem : validator.validate(object)) {
                if (problem.severity() == StixProblem.Severity.ERROR) {
                    return "its " + object.get("type").asText() + " would not be valid STIX ("
                            + (problem.path().isEmpty() ? "" : problem.path() + ": ") + problem.detail() + ")";
                }
            }
        }
        return null;
    }

    private static String describe(Attribute a) {
        return "attribute " + a.uuid() + " (type '" + a.type() + "')";
    }

    private static boolean contains(ArrayNode array, String text) {
        for (var item : array) {
            if (item.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }
}
