package org.kizashi.server.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kizashi.core.intel.BrowseQuery;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.CommunityRole;
import org.kizashi.core.intel.Correlation;
import org.kizashi.core.intel.IntelReader;
import org.kizashi.core.intel.Membership;
import org.kizashi.core.intel.ObjectPage;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.StoredObject;
import org.kizashi.core.intel.WideningRequest;
import org.kizashi.intel.correlation.ObservableValues;
import org.kizashi.intel.exchange.StixObjects;
import org.kizashi.server.Services;
import org.kizashi.server.auth.Principal;
import org.kizashi.server.http.Access;
import org.kizashi.server.http.Requests;
import org.kizashi.server.http.WebForms;
import org.kizashi.server.intel.SharingService;
import org.kizashi.server.taxii.TaxiiApi;
import org.kizashi.server.taxii.client.ScheduledPulls;

/**
 * 情報共有 / Sharing: search and browse the shared items the reader may read (levels in colour), a community's feed,
 * an item with its versions, its audience ("visible to") and the items of other organisations that report the same
 * values, and the provider's approval queue. Every read goes through the reader rule (ADR 0017): an item the reader
 * may not read answers 404, as one that does not exist.
 */
final class SharingPage {
    static final int PAGE_SIZE = 50;
    static final int CORRELATIONS_SHOWN = 50;
    /** Types offered in the type filter; any other type can still be typed into the URL. */
    static final List<String> COMMON_TYPES = List.of("indicator", "report", "sighting", "malware", "campaign",
            "threat-actor", "intrusion-set", "attack-pattern", "vulnerability", "tool", "identity", "note",
            "observed-data", "relationship", "ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr",
            "email-message", "file");

    private final Services services;
    private final Pages pages;
    private final SharingService sharing;
    private final ObjectMapper prettyJson = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    SharingPage(Services services) {
        this.services = services;
        this.pages = services.pages();
        this.sharing = new SharingService(services.database(), services.audit(), services.clock());
    }

    void routes(RoutesConfig routes) {
        routes.get("/sharing", ctx -> browse(ctx, Optional.empty()), Access.VIEWER);
        routes.get("/sharing/communities/{community}", ctx -> browse(ctx, Optional.of(community(ctx))), Access.VIEWER);
        routes.get("/sharing/objects/{community}/{object}", this::object, Access.VIEWER);
        routes.post("/sharing/objects/{community}/{object}/widen", this::widen, Access.ANALYST);
        routes.get("/sharing/approvals", this::approvals, Access.VIEWER);
        routes.post("/sharing/approvals/{request}", this::decide, Access.ANALYST);
    }

    /** One item in a list, as the reader may see it. */
    public record Row(String level, String type, String title, String id, long communityId, String community,
                      String provider, boolean anonymised, Instant version, Instant dateAdded, String link) {
    }

    private Row row(StoredObject o, IntelReader reader, Map<Long, Community> communities, Map<Long, String> names) {
        Community c = communities.get(o.scope().communityId());
        boolean knows = reader.knowsProvider(o.scope(), o.anonymised());
        return new Row(o.scope().level().id(), o.object().type(),
                o.object().title().isEmpty() ? o.object().id() : o.object().title(), o.object().id(),
                o.scope().communityId(), c == null ? "" : c.name(),
                knows ? names.getOrDefault(o.scope().providerOrganisationId(), "") : "", o.anonymised(),
                o.version(), o.dateAdded(), link(o.scope().communityId(), o.object().id()));
    }

    static String link(long communityId, String stixId) {
        return "/sharing/objects/" + communityId + "/" + stixId;
    }

    private Community community(Context ctx) {
        return WebForms.parseId(ctx.pathParam("community")).flatMap(sharing::community)
                .orElseThrow(() -> new io.javalin.http.NotFoundResponse(pages.text(ctx, "sharing.noCommunity")));
    }

    // ---- browse and feeds

    private void browse(Context ctx, Optional<Community> feed) {
        Principal p = Requests.requirePrincipal(ctx);
        IntelReader reader = sharing.reader(p);
        Map<Long, Community> communities = sharing.communities();
        Map<Long, String> names = sharing.organisationNames();
        String text = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        Set<Long> communityFilter = feed.map(c -> Set.of(c.id())).orElseGet(() -> WebForms.parseId(
                ctx.queryParam("community")).filter(communities::containsKey).map(Set::of).orElse(Set.of()));
        String type = Optional.ofNullable(ctx.queryParam("type")).orElse("").strip();
        Optional<SharingLevel> level = parseLevel(ctx.queryParam("level"));
        Optional<BrowseQuery.Position> before = position(ctx.queryParam("before"));
        BrowseQuery query = new BrowseQuery(communityFilter, type.isEmpty() ? Set.of() : Set.of(type),
                level.map(Set::of).orElse(Set.of()), text, Set.copyOf(ObservableValues.candidates(text)), before,
                PAGE_SIZE);
        ObjectPage page = services.database().stixObjects().browse(reader, query);
        List<Row> rows = new ArrayList<>();
        page.objects().forEach(o -> rows.add(row(o, reader, communities, names)));

        Map<String, Object> model = new HashMap<>();
        model.put("currentArea", "sharing");
        model.put("rows", rows);
        model.put("q", text);
        model.put("type", type);
        model.put("types", COMMON_TYPES);
        model.put("level", level.map(SharingLevel::id).orElse(""));
        model.put("levels", List.of(SharingLevel.values()).stream().map(SharingLevel::id).toList());
        model.put("communityFilter", communityFilter.isEmpty() ? "" : String.valueOf(communityFilter.iterator().next()));
        model.put("communities", List.copyOf(communities.values()));
        model.put("myCommunities", myCommunities(p, communities));
        model.put("feed", feed.orElse(null));
        model.put("feedRoles", feed.map(c -> sharing.roles(p, c.id()).stream().map(CommunityRole::id).toList())
                .orElse(List.of()));
        model.put("collectionUrl", feed.map(c -> "/taxii2/" + TaxiiApi.ROOT + "/collections/" + c.collectionId() + "/objects/")
                .orElse(""));
        model.put("pending", sharing.pendingFor(p).size());
        model.put("next", page.more() ? nextLink(ctx, page.objects().getLast()) : "");
        model.put("filtered", !text.isEmpty() || !type.isEmpty() || level.isPresent() || before.isPresent());
        // The scheduled pulls, for the administrator who configured them (intel.pulls).
        model.put("pulls", feed.isEmpty() && p.has(org.kizashi.core.identity.Role.ADMIN)
                ? services.pulls().map(ScheduledPulls::statuses).orElse(List.of()) : List.of());
        pages.render(ctx, "sharing", model);
    }

    /** The communities the reader's organisation belongs to, with its roles there. */
    public record MyCommunity(long id, String name, String kind, List<String> roles) {
    }

    private List<MyCommunity> myCommunities(Principal p, Map<Long, Community> communities) {
        Map<Long, Set<String>> roles = new java.util.TreeMap<>();
        for (Membership m : sharing.memberships(p)) {
            roles.computeIfAbsent(m.communityId(), id -> new LinkedHashSet<>()).add(m.role().id());
        }
        List<MyCommunity> mine = new ArrayList<>();
        roles.forEach((id, r) -> {
            Community c = communities.get(id);
            if (c != null) {
                mine.add(new MyCommunity(id, c.name(), c.kind().id(), List.copyOf(r)));
            }
        });
        return mine;
    }

    private static String nextLink(Context ctx, StoredObject last) {
        StringBuilder link = new StringBuilder(ctx.path()).append("?before=")
                .append(last.dateAdded()).append('~').append(last.sequence());
        for (String param : List.of("q", "community", "type", "level")) {
            String value = ctx.queryParam(param);
            if (value != null && !value.isEmpty()) {
                link.append('&').append(param).append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return link.toString();
    }

    private static Optional<BrowseQuery.Position> position(String text) {
        if (text == null || !text.contains("~")) {
            return Optional.empty();
        }
        try {
            int tilde = text.indexOf('~');
            return Optional.of(new BrowseQuery.Position(Instant.parse(text.substring(0, tilde)),
                    Long.parseLong(text.substring(tilde + 1))));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty(); // a damaged link starts from the newest
        }
    }

    private static Optional<SharingLevel> parseLevel(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SharingLevel.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // ---- one item

    private void object(Context ctx) {
        String done = ctx.queryParam("done");
        objectPage(ctx, "", done == null ? "" : pages.text(ctx, "sharing.done." + done.replaceAll("[^a-z-]", "")));
    }

    private void objectPage(Context ctx, String error, String notice) {
        Principal p = Requests.requirePrincipal(ctx);
        Community community = community(ctx);
        String stixId = ctx.pathParam("object");
        IntelReader reader = sharing.reader(p);
        List<StoredObject> history = readableHistory(reader, community, stixId);
        StoredObject latest = history.getLast();
        StoredObject shown = latest;
        String versionParam = ctx.queryParam("version");
        if (versionParam != null) {
            shown = history.stream().filter(o -> o.version().toString().equals(versionParam)).findFirst()
                    .orElse(latest);
        }
        Map<Long, Community> communities = sharing.communities();
        Map<Long, String> names = sharing.organisationNames();
        List<String> values = observableValues(latest);
        List<Map<String, Object>> correlations = new ArrayList<>();
        for (Correlation c : services.database().stixObjects().correlations(reader, community.id(), stixId, values,
                CORRELATIONS_SHOWN)) {
            correlations.add(Map.of("value", c.value(), "row", row(c.other(), reader, communities, names)));
        }
        boolean provider = SharingService.speaksForProvider(p, latest.scope().providerOrganisationId());
        List<String> wider = new ArrayList<>();
        for (SharingLevel l : SharingLevel.values()) {
            if (l.widerThan(latest.scope().level())) {
                wider.add(l.id());
            }
        }
        Map<String, Object> model = new HashMap<>();
        model.put("currentArea", "sharing");
        model.put("item", row(latest, reader, communities, names));
        model.put("shownVersion", shown.version());
        model.put("json", pretty(shown, reader));
        model.put("versions", history.reversed().stream().map(o -> row(o, reader, communities, names)).toList());
        model.put("audience", sharing.audience(reader, latest, names));
        model.put("values", values);
        model.put("correlations", correlations);
        model.put("requests", reader.readsEverythingIn(community.id()) || provider
                ? services.database().widenings().ofObject(community.id(), stixId).stream()
                .map(r -> requestView(r, communities, names)).toList() : List.of());
        model.put("mayRequest", !provider && sharing.mayRequest(p, community.id()) && !wider.isEmpty());
        model.put("mayWiden", provider && !wider.isEmpty());
        model.put("wider", wider);
        model.put("pending", sharing.pendingFor(p).size());
        model.put("error", error);
        model.put("notice", notice);
        pages.render(ctx, "sharing-object", model);
    }

    /** The values the latest version reports, as the value index has them. */
    private List<String> observableValues(StoredObject latest) {
        try {
            return ObservableValues.of(prettyJson.readTree(latest.object().json()));
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    /**
     * The versions of an item the reader may read, oldest first; 404 when there are none, exactly as for an item that
     * does not exist.
     */
    private List<StoredObject> readableHistory(IntelReader reader, Community community, String stixId) {
        List<StoredObject> history = sharing.history(reader, community.id(), stixId);
        if (history.isEmpty()) {
            throw new io.javalin.http.NotFoundResponse(stixId);
        }
        return history;
    }

    private String pretty(StoredObject o, IntelReader reader) {
        try {
            ObjectNode served = StixObjects.served((ObjectNode) prettyJson.readTree(o.object().json()), o, reader);
            return prettyJson.writeValueAsString(served);
        } catch (JsonProcessingException e) {
            return o.object().json();
        }
    }

    private void widen(Context ctx) {
        Principal p = Requests.requirePrincipal(ctx);
        Community community = community(ctx);
        String stixId = ctx.pathParam("object");
        IntelReader reader = sharing.reader(p);
        List<StoredObject> history = readableHistory(reader, community, stixId);
        StoredObject latest = history.getLast();
        Optional<SharingLevel> to = parseLevel(ctx.formParam("level"));
        String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("").strip();
        try {
            if (to.isEmpty()) {
                throw new SharingService.Refused("sharing.refused.notWider", "no level");
            }
            if (reason.length() > 2000) {
                throw new SharingService.Refused("sharing.refused.tooLong", "reason too long");
            }
            if (SharingService.speaksForProvider(p, latest.scope().providerOrganisationId())) {
                sharing.widenOwn(p, latest, to.get());
                ctx.redirect(link(community.id(), stixId) + "?done=widened");
            } else {
                sharing.requestWidening(p, latest, to.get(), "on".equals(ctx.formParam("anonymise")), reason);
                ctx.redirect(link(community.id(), stixId) + "?done=requested");
            }
        } catch (SharingService.Refused e) {
            ctx.status(e.messageKey().equals("sharing.refused.pending") ? 409 : 403);
            objectPage(ctx, pages.text(ctx, e.messageKey()), "");
        }
    }

    // ---- approvals

    /** A request as a list shows it. */
    public record RequestView(long id, String stixId, String link, String community, String from, String to,
                              boolean anonymise, String requester, String requestedBy, Instant requestedAt,
                              String reason, String status, String decidedBy, Instant decidedAt, String note) {
    }

    private static RequestView requestView(WideningRequest r, Map<Long, Community> communities,
                                           Map<Long, String> names) {
        Community c = communities.get(r.communityId());
        return new RequestView(r.id(), r.stixId(), link(r.communityId(), r.stixId()), c == null ? "" : c.name(),
                r.from().id(), r.to().id(), r.anonymise(), names.getOrDefault(r.requesterOrganisationId(), ""),
                r.requestedBy(), r.requestedAt(), r.reason(), r.status().id(), r.decidedBy().orElse(""),
                r.decidedAt().orElse(null), r.decisionNote());
    }

    private void approvals(Context ctx) {
        approvalsPage(ctx, "", "");
    }

    private void approvalsPage(Context ctx, String error, String notice) {
        Principal p = Requests.requirePrincipal(ctx);
        Map<Long, Community> communities = sharing.communities();
        Map<Long, String> names = sharing.organisationNames();
        Map<String, Object> model = new HashMap<>();
        model.put("currentArea", "sharing");
        model.put("pendingRequests", sharing.pendingFor(p).stream().map(r -> requestView(r, communities, names))
                .toList());
        model.put("recent", services.database().widenings().involving(p.organisation().id(), 100).stream()
                .map(r -> requestView(r, communities, names)).toList());
        model.put("mayDecide", SharingService.speaksForProvider(p, p.organisation().id()));
        model.put("error", error);
        model.put("notice", notice.isEmpty() && ctx.queryParam("done") != null
                ? pages.text(ctx, "sharing.done." + ctx.queryParam("done").replaceAll("[^a-z-]", "")) : notice);
        pages.render(ctx, "sharing-approvals", model);
    }

    private void decide(Context ctx) {
        Principal p = Requests.requirePrincipal(ctx);
        Optional<Long> id = WebForms.parseId(ctx.pathParam("request"));
        String decision = Optional.ofNullable(ctx.formParam("decision")).orElse("");
        String note = Optional.ofNullable(ctx.formParam("note")).orElse("").strip();
        try {
            if (id.isEmpty() || !(decision.equals("approve") || decision.equals("reject"))) {
                throw new SharingService.Refused("sharing.refused.noRequest", "bad request");
            }
            if (note.length() > 2000) {
                throw new SharingService.Refused("sharing.refused.tooLong", "note too long");
            }
            WideningRequest decided = sharing.decide(p, id.get(), decision.equals("approve"), note);
            ctx.redirect("/sharing/approvals?done=" + decided.status().id());
        } catch (SharingService.Refused e) {
            ctx.status(e.messageKey().equals("sharing.refused.noRequest") ? 404 : 409);
            approvalsPage(ctx, pages.text(ctx, e.messageKey()), "");
        }
    }
}
