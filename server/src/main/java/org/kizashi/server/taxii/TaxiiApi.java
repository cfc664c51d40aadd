package org.kizashi.server.taxii;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.CommunityRole;
import org.kizashi.core.intel.IntelReader;
import org.kizashi.core.intel.Membership;
import org.kizashi.core.intel.ObjectPage;
import org.kizashi.core.intel.ObjectQuery;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.SharingScope;
import org.kizashi.core.intel.StixObjectRepository.AddOutcome;
import org.kizashi.core.intel.StixObjectVersion;
import org.kizashi.core.intel.StoredObject;
import org.kizashi.intel.exchange.StixObjects;
import org.kizashi.intel.exchange.StixValidators;
import org.kizashi.intel.marking.HubMarkings;
import org.kizashi.intel.stix.StixProblem;
import org.kizashi.intel.stix.StixValidator;
import org.kizashi.server.Services;
import org.kizashi.server.auth.Principal;
import org.kizashi.server.http.Access;
import org.kizashi.server.http.Requests;
import org.kizashi.server.intel.SharingService;

/**
 * The TAXII 2.1 server (OASIS TAXII 2.1): discovery at {@code /taxii2/}, one API root ({@value #ROOT}), one collection
 * per sharing community, and its objects, manifest, versions and the status of POSTs. Every read applies the reader's
 * sharing levels in the query itself (ADR 0017): an object above the reader's range answers exactly as one that does
 * not exist. Pages follow the date added with an opaque cursor ({@link TaxiiCursor}). Objects are served with the hub
 * and TLP markings of their level added (ADR 0017), so that a client that stores them elsewhere keeps them as narrow.
 *
 * <p>Writing needs a user who may write at all (the platform role analyst or admin) in an organisation with the role
 * provider, secretariat or analyst in the collection's community. A POSTed object is
 * stored at the level its markings give it (the hub's own marking, else the widest its TLP marking allows, else Red,
 * the narrowest), on behalf of the poster's organisation; every object is validated on its own and the status says
 * which were stored and why others were not.
 */
public final class TaxiiApi {
    public static final String ROOT = "kizashi";
    /** TAXII 2.1's media type, of every answer and of the envelopes POSTed. */
    public static final String TAXII = "application/taxii+json;version=2.1";
    static final String STIX = "application/stix+json;version=2.1";
    /** Largest POST body: the server's request limit (see WebApp). */
    public static final int MAX_CONTENT_LENGTH = 10_000_000;
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Set<CommunityRole> WRITERS = Set.of(CommunityRole.PROVIDER, CommunityRole.SECRETARIAT,
            CommunityRole.ANALYST);

    private final Services services;
    private final ObjectMapper json;
    private final StixValidator validator = StixValidators.withPatterns();
    private final TaxiiStatuses statuses = new TaxiiStatuses();
    private final SharingService sharing;

    public TaxiiApi(Services services) {
        this.services = services;
        this.json = services.json();
        this.sharing = new SharingService(services.database(), services.audit(), services.clock());
    }

    public void routes(RoutesConfig routes) {
        String root = "/taxii2/" + ROOT;
        String collection = root + "/collections/{collection}";
        routes.get("/taxii2/", this::discovery, Access.VIEWER);
        routes.get(root + "/", this::apiRoot, Access.VIEWER);
        routes.get(root + "/status/{status}/", this::status, Access.VIEWER);
        routes.get(root + "/collections/", this::collections, Access.VIEWER);
        routes.get(collection + "/", this::collection, Access.VIEWER);
        routes.get(collection + "/manifest/", this::manifest, Access.VIEWER);
        routes.get(collection + "/objects/", this::objects, Access.VIEWER);
        routes.post(collection + "/objects/", this::add, Access.ANALYST);
        routes.get(collection + "/objects/{object}/", this::object, Access.VIEWER);
        routes.delete(collection + "/objects/{object}/", this::delete, Access.ANALYST);
        routes.get(collection + "/objects/{object}/versions/", this::versions, Access.VIEWER);
    }

    /** Whether a path is TAXII's, whose errors are TAXII error messages. */
    public static boolean isTaxii(Context ctx) {
        return ctx.path().startsWith("/taxii2/") || ctx.path().equals("/taxii2");
    }

    /** A TAXII error message (title, description, http_status) with TAXII's media type. */
    public static void answerError(Context ctx, ObjectMapper json, int status, String title, String description) {
        ObjectNode error = json.createObjectNode();
        error.put("title", title);
        error.put("description", description);
        error.put("http_status", String.valueOf(status));
        ctx.status(status);
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Basic realm=\"kizashi\", Bearer realm=\"kizashi\"");
        }
        ctx.contentType(TAXII).result(error.toString());
    }

    /** The status and title of a {@link TaxiiException}, for the server's exception mapping. */
    public static void answer(Context ctx, ObjectMapper json, RuntimeException e) {
        TaxiiException t = (TaxiiException) e;
        answerError(ctx, json, t.status(), t.title(), t.getMessage());
    }

    public static Class<? extends RuntimeException> exceptionType() {
        return TaxiiException.class;
    }

    // ---- discovery, API root, collections

    private void discovery(Context ctx) {
        accept(ctx);
        ObjectNode d = json.createObjectNode();
        d.put("title", "Kizashi sharing hub (兆し 共有)");
        d.put("description", "STIX 2.1 objects shared in critical-infrastructure communities (C4TAP, CEPTOAR)");
        d.put("default", base(ctx) + "/taxii2/" + ROOT + "/");
        d.putArray("api_roots").add(base(ctx) + "/taxii2/" + ROOT + "/");
        send(ctx, d);
    }

    private void apiRoot(Context ctx) {
        accept(ctx);
        ObjectNode r = json.createObjectNode();
        r.put("title", "Kizashi");
        r.put("description", "One collection per sharing community; objects filtered by the reader's sharing level");
        r.putArray("versions").add(TAXII);
        r.put("max_content_length", MAX_CONTENT_LENGTH);
        send(ctx, r);
    }

    private void collections(Context ctx) {
        accept(ctx);
        Principal p = Requests.requirePrincipal(ctx);
        List<Membership> memberships = sharing.memberships(p);
        ArrayNode list = json.createArrayNode();
        for (Community c : services.database().communities().communities()) {
            list.add(describe(c, memberships));
        }
        ObjectNode body = json.createObjectNode();
        if (!list.isEmpty()) {
            body.set("collections", list);
        }
        send(ctx, body);
    }

    private void collection(Context ctx) {
        accept(ctx);
        Principal p = Requests.requirePrincipal(ctx);
        send(ctx, describe(community(ctx), sharing.memberships(p)));
    }

    private ObjectNode describe(Community c, List<Membership> memberships) {
        ObjectNode o = json.createObjectNode();
        o.put("id", c.collectionId());
        o.put("title", c.name());
        o.put("description", "sharing community (" + c.kind().id() + ")");
        o.put("can_read", true); // everyone reads at least the White objects
        o.put("can_write", canWrite(c, memberships));
        o.putArray("media_types").add(STIX);
        return o;
    }

    private static boolean canWrite(Community c, List<Membership> memberships) {
        return memberships.stream().anyMatch(m -> m.communityId() == c.id() && WRITERS.contains(m.role()));
    }

    // ---- objects

    private void objects(Context ctx) {
        accept(ctx);
        Page page = page(ctx, community(ctx), "objects", Optional.empty());
        send(ctx, page.objects().isEmpty() ? json.createObjectNode() : envelope(page));
    }

    private void object(Context ctx) {
        accept(ctx);
        String id = ctx.pathParam("object");
        Page page = page(ctx, community(ctx), "object " + id, Optional.of(id));
        send(ctx, envelope(seen(ctx, page, id)));
    }

    /** The page, unless the object has no version the reader may see: then 404, as for an unknown object. */
    private static Page seen(Context ctx, Page page, String id) {
        if (page.objects().isEmpty() && ctx.queryParam("next") == null) {
            throw TaxiiException.notFound("no object " + id + " in this collection");
        }
        return page;
    }

    /** {@code more} and {@code next} of a page. */
    private ObjectNode paged(Page page) {
        ObjectNode body = json.createObjectNode();
        body.put("more", page.more());
        page.next().ifPresent(n -> body.put("next", n));
        return body;
    }

    private ObjectNode envelope(Page page) {
        ObjectNode envelope = paged(page);
        ArrayNode objects = envelope.putArray("objects");
        for (StoredObject o : page.objects()) {
            objects.add(parse(o, page.reader()));
        }
        return envelope;
    }

    private void versions(Context ctx) {
        accept(ctx);
        Community c = community(ctx);
        String id = ctx.pathParam("object");
        if (ctx.queryParam("match[version]") != null) {
            throw TaxiiException.badRequest("the versions endpoint takes no match[version]");
        }
        Page page = seen(ctx, page(ctx, c, "versions " + id, Optional.of(id), ObjectQuery.Versions.ALL), id);
        ObjectNode body = paged(page);
        ArrayNode versions = body.putArray("versions");
        page.objects().stream().map(o -> timestamp(o.version())).sorted().forEach(versions::add);
        send(ctx, body);
    }

    private void manifest(Context ctx) {
        accept(ctx);
        Community c = community(ctx);
        Page page = page(ctx, c, "manifest", Optional.empty());
        ObjectNode body = page.objects().isEmpty() ? json.createObjectNode() : paged(page);
        if (!page.objects().isEmpty()) {
            ArrayNode records = body.putArray("objects");
            for (StoredObject o : page.objects()) {
                ObjectNode r = records.addObject();
                r.put("id", o.object().id());
                r.put("date_added", timestamp(o.dateAdded()));
                r.put("version", timestamp(o.version()));
                r.put("media_type", STIX);
            }
        }
        send(ctx, body);
    }

    private void delete(Context ctx) {
        accept(ctx);
        Principal p = Requests.requirePrincipal(ctx);
        Community c = community(ctx);
        String id = ctx.pathParam("object");
        IntelReader reader = sharing.reader(p);
        ObjectQuery.Versions versions = versionMatch(ctx, ObjectQuery.Versions.ALL);
        Set<String> specVersions = list(ctx, "match[spec_version]");
        ObjectPage found = services.database().stixObjects().find(reader, c.id(),
                ObjectQuery.latest(1).withIds(Set.of(id)).withVersions(ObjectQuery.Versions.ALL));
        if (found.objects().isEmpty()) {
            throw TaxiiException.notFound("no object " + id + " in this collection");
        }
        List<Membership> memberships = sharing.memberships(p);
        boolean secretariat = memberships.stream().anyMatch(m -> m.communityId() == c.id()
                && m.role() == CommunityRole.SECRETARIAT);
        if (found.objects().getFirst().scope().providerOrganisationId() != p.organisation().id() && !secretariat) {
            throw TaxiiException.forbidden("only the object's provider or the community's secretariat deletes it");
        }
        int deleted = services.database().stixObjects().delete(c.id(), id, versions, specVersions);
        services.audit().record(p.name(), "taxii.delete", "object " + id,
                Map.of("collection", c.collectionId(), "versions", deleted));
        ctx.status(200);
    }

    private void add(Context ctx) {
        accept(ctx);
        Principal p = Requests.requirePrincipal(ctx);
        Community c = community(ctx);
        String type = ctx.header("Content-Type");
        if (type == null || !mediaType(type).equals("application/taxii+json")
                || !versionOf(type).map("2.1"::equals).orElse(true)) {
            throw new TaxiiException(415, "Unsupported media type",
                    "send the envelope as " + TAXII + (type == null ? "" : ", not " + type));
        }
        if (!canWrite(c, sharing.memberships(p))) {
            throw TaxiiException.forbidden("your organisation may not write to this collection (it needs the role "
                    + "provider, secretariat or analyst in the community)");
        }
        if (ctx.contentLength() > MAX_CONTENT_LENGTH) {
            throw new TaxiiException(413, "Request entity too large", "the envelope is " + ctx.contentLength()
                    + " bytes; this API root takes at most " + MAX_CONTENT_LENGTH);
        }
        JsonNode envelope;
        try {
            envelope = json.readTree(ctx.bodyAsBytes());
        } catch (JsonProcessingException e) {
            throw TaxiiException.badRequest("the envelope is not JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw TaxiiException.badRequest("the envelope cannot be read: " + e.getMessage());
        }
        if (envelope == null || !envelope.isObject() || !envelope.path("objects").isArray()) {
            throw TaxiiException.badRequest("expected an envelope: a JSON object with a list 'objects'");
        }
        String statusId = UUID.randomUUID().toString();
        Instant requested = services.clock().instant();
        ArrayNode successes = json.createArrayNode();
        ArrayNode failures = json.createArrayNode();
        Map<SharingLevel, List<StixObjectVersion>> byLevel = new EnumMap<>(SharingLevel.class);
        for (JsonNode object : envelope.path("objects")) {
            String id = object.path("id").asText("");
            List<StixProblem> problems = validator.validate(object).stream()
                    .filter(pr -> pr.severity() == StixProblem.Severity.ERROR).toList();
            if (!problems.isEmpty()) {
                failure(failures, id, object, problems.stream().map(StixProblem::message).toList());
                continue;
            }
            SharingLevel level = HubMarkings.levelOf(object).orElse(SharingLevel.RED);
            byLevel.computeIfAbsent(level, l -> new ArrayList<>()).add(StixObjects.version(object));
        }
        Map<String, JsonNode> byId = new TreeMap<>();
        for (JsonNode object : envelope.path("objects")) {
            byId.put(object.path("id").asText(""), object);
        }
        byLevel.forEach((level, versions) -> {
            List<AddOutcome> outcomes = services.database().stixObjects()
                    .add(new SharingScope(c.id(), level, p.organisation().id()), false, versions);
            for (int k = 0; k < outcomes.size(); k++) {
                AddOutcome o = outcomes.get(k);
                StixObjectVersion v = versions.get(k);
                if (o.status() == AddOutcome.Status.REFUSED) {
                    failure(failures, v.id(), byId.get(v.id()), List.of(o.reason()));
                } else {
                    ObjectNode s = successes.addObject();
                    s.put("id", v.id());
                    s.put("version", timestamp(v.version().orElse(requested)));
                    s.put("message", o.status() == AddOutcome.Status.ADDED ? "stored at level " + level.id()
                            : "already stored");
                }
            }
        });
        ObjectNode status = json.createObjectNode();
        status.put("id", statusId);
        status.put("status", "complete");
        status.put("request_timestamp", timestamp(requested));
        status.put("total_count", envelope.path("objects").size());
        status.put("success_count", successes.size());
        status.put("failure_count", failures.size());
        status.put("pending_count", 0);
        if (!successes.isEmpty()) {
            status.set("successes", successes);
        }
        if (!failures.isEmpty()) {
            status.set("failures", failures);
        }
        statuses.put(statusId, p.organisation().id(), status);
        services.audit().record(p.name(), "taxii.add", "collection " + c.collectionId(),
                Map.of("stored", successes.size(), "failed", failures.size()));
        ctx.status(202);
        send(ctx, status);
    }

    private static void failure(ArrayNode failures, String id, JsonNode object, List<String> reasons) {
        ObjectNode f = failures.addObject();
        f.put("id", id.isEmpty() ? "(no id)" : id);
        JsonNode version = object == null ? null : object.has("modified") ? object.get("modified") : object.get("created");
        if (version != null && version.isTextual()) {
            f.put("version", version.asText());
        }
        f.put("message", String.join("; ", reasons));
    }

    private void status(Context ctx) {
        accept(ctx);
        Principal p = Requests.requirePrincipal(ctx);
        String id = ctx.pathParam("status");
        send(ctx, statuses.get(id, p.organisation().id())
                .orElseThrow(() -> TaxiiException.notFound("no status " + id)));
    }

    // ---- paging and filters

    private record Page(List<StoredObject> objects, boolean more, Optional<String> next, IntelReader reader) {
    }

    private Page page(Context ctx, Community c, String what, Optional<String> id) {
        return page(ctx, c, what, id, versionMatch(ctx, ObjectQuery.Versions.LAST));
    }

    private Page page(Context ctx, Community c, String what, Optional<String> id, ObjectQuery.Versions versions) {
        Principal p = Requests.requirePrincipal(ctx);
        int limit = limit(ctx);
        Optional<Instant> addedAfter = Optional.ofNullable(ctx.queryParam("added_after")).map(TaxiiApi::instant);
        Set<String> ids = id.map(Set::of).orElseGet(() -> list(ctx, "match[id]"));
        Set<String> types = list(ctx, "match[type]");
        Set<String> specVersions = list(ctx, "match[spec_version]");
        String fingerprint = TaxiiCursor.fingerprint(String.join("\n", c.collectionId(), what,
                addedAfter.map(Instant::toString).orElse(""), String.join(",", new TreeSet<>(ids)),
                String.join(",", new TreeSet<>(types)), String.join(",", new TreeSet<>(specVersions)),
                versions.toString(), String.valueOf(p.organisation().id())));
        Optional<Instant> after = addedAfter;
        String next = ctx.queryParam("next");
        if (next != null) {
            after = Optional.of(TaxiiCursor.decode(next, fingerprint));
        }
        ObjectQuery query = new ObjectQuery(after, limit, ids, types, versions, specVersions);
        IntelReader reader = sharing.reader(p);
        ObjectPage page = services.database().stixObjects().find(reader, c.id(), query);
        if (!page.objects().isEmpty()) {
            ctx.header("X-TAXII-Date-Added-First", timestamp(page.objects().getFirst().dateAdded()));
            ctx.header("X-TAXII-Date-Added-Last", timestamp(page.objects().getLast().dateAdded()));
        }
        Optional<String> cursor = page.more()
                ? Optional.of(TaxiiCursor.encode(page.objects().getLast().dateAdded(), fingerprint))
                : Optional.empty();
        return new Page(page.objects(), page.more(), cursor, reader);
    }

    private static int limit(Context ctx) {
        String text = ctx.queryParam("limit");
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit < 1) {
                throw TaxiiException.badRequest("limit must be a positive number, got " + text);
            }
            return Math.min(limit, MAX_LIMIT); // the specification lets a server return fewer
        } catch (NumberFormatException e) {
            throw TaxiiException.badRequest("limit must be a positive number, got '" + text + "'");
        }
    }

    private static ObjectQuery.Versions versionMatch(Context ctx, ObjectQuery.Versions fallback) {
        Set<String> values = list(ctx, "match[version]");
        if (values.isEmpty()) {
            return fallback;
        }
        boolean all = false;
        boolean first = false;
        boolean last = false;
        Set<Instant> at = new HashSet<>();
        for (String v : values) {
            switch (v) {
                case "all" -> all = true;
                case "first" -> first = true;
                case "last" -> last = true;
                default -> at.add(instant(v));
            }
        }
        return new ObjectQuery.Versions(all, first, last, at);
    }

    /** A filter's values: comma-separated, repeated parameters joined. */
    private static Set<String> list(Context ctx, String name) {
        Set<String> values = new LinkedHashSet<>();
        for (String value : ctx.queryParams(name)) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        }
        return values;
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw TaxiiException.badRequest("'" + text + "' is not a timestamp like 2016-01-01T01:01:01.000000Z");
        }
    }

    // ---- helpers

    private Community community(Context ctx) {
        String id = ctx.pathParam("collection");
        return services.database().communities().byCollection(id)
                .orElseThrow(() -> TaxiiException.notFound("no collection " + id + " in this API root"));
    }

    /** 406 unless the client accepts TAXII 2.1 (or anything). */
    private static void accept(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null || accept.isBlank()) {
            return;
        }
        for (String range : accept.split(",")) {
            String type = mediaType(range);
            if (type.equals("*/*") || type.equals("application/*")
                    || (type.equals("application/taxii+json") && versionOf(range).map("2.1"::equals).orElse(true))) {
                return;
            }
        }
        throw new TaxiiException(406, "Not acceptable", "this server answers " + TAXII + " only");
    }

    private static String mediaType(String header) {
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static Optional<String> versionOf(String header) {
        for (String parameter : header.split(";")) {
            String p = parameter.trim();
            if (p.regionMatches(true, 0, "version=", 0, 8)) {
                return Optional.of(p.substring(8).trim());
            }
        }
        return Optional.empty();
    }

    /** The object as the reader receives it ({@link StixObjects#served}). */
    private ObjectNode parse(StoredObject o, IntelReader reader) {
        try {
            return StixObjects.served((ObjectNode) json.readTree(o.object().json()), o, reader);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored object " + o.object().id() + " is not JSON", e);
        }
    }

    /** A TAXII timestamp: UTC, to the microsecond. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    private static String base(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }

    private void send(Context ctx, JsonNode body) {
        ctx.contentType(TAXII).result(body.toString());
    }
}
