package org.kizashi.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.kizashi.core.identity.DuplicateException;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.CommunityRole;
import org.kizashi.core.intel.Membership;
import org.kizashi.core.intel.Sector;
import org.kizashi.server.Services;
import org.kizashi.server.http.Access;
import org.kizashi.server.http.Requests;
import org.kizashi.server.http.WebForms;

/**
 * 共有の管理 / Sharing administration: the sectors (the 13 of the critical-infrastructure policy, and more), the
 * sectors each organisation belongs to, the sharing communities and the roles of organisations in them. For the
 * platform's administrators; every change is in the audit log.
 */
final class SharingAdminPage {
    private final Services services;
    private final Pages pages;

    SharingAdminPage(Services services) {
        this.services = services;
        this.pages = services.pages();
    }

    void routes(RoutesConfig routes) {
        routes.get("/admin/sharing", ctx -> page(ctx, ""), Access.ADMIN);
        routes.post("/admin/sharing/sectors", this::addSector, Access.ADMIN);
        routes.post("/admin/sharing/organisations/{organisation}/sectors", this::setSectors, Access.ADMIN);
        routes.post("/admin/sharing/communities", this::createCommunity, Access.ADMIN);
        routes.post("/admin/sharing/communities/{community}/members", this::addMember, Access.ADMIN);
        routes.post("/admin/sharing/communities/{community}/members/remove", this::removeMember, Access.ADMIN);
    }

    /** A member as the page lists it. */
    public record MemberView(long organisationId, String organisation, String role, String agreedToRules) {
    }

    /** A community with its members. */
    public record CommunityView(Community community, String sector, List<MemberView> members) {
    }

    /** An organisation with its sectors. */
    public record OrganisationView(Organisation organisation, Set<Long> sectors) {
    }

    private void page(Context ctx, String error) {
        Language language = Pages.language(ctx);
        List<Sector> sectors = services.database().communities().sectors();
        Map<Long, String> sectorNames = new HashMap<>();
        sectors.forEach(s -> sectorNames.put(s.id(), language == Language.JA ? s.nameJa() : s.nameEn()));
        List<Organisation> organisations = services.database().organisations().list();
        Map<Long, String> organisationNames = new HashMap<>();
        organisations.forEach(o -> organisationNames.put(o.id(), o.name()));
        List<CommunityView> communities = new ArrayList<>();
        for (Community c : services.database().communities().communities()) {
            List<MemberView> members = services.database().communities().members(c.id()).stream()
                    .map(m -> new MemberView(m.organisationId(), organisationNames.getOrDefault(m.organisationId(),
                            "#" + m.organisationId()), m.role().id(), m.agreedToRules().map(LocalDate::toString)
                            .orElse(""))).toList();
            communities.add(new CommunityView(c, c.sectorId().isPresent()
                    ? sectorNames.getOrDefault(c.sectorId().getAsLong(), "") : "", members));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("currentArea", "admin");
        model.put("sectors", sectors);
        model.put("sectorNames", sectorNames);
        model.put("organisations", organisations.stream().map(o -> new OrganisationView(o,
                services.database().communities().sectorsOf(o.id()))).toList());
        model.put("communities", communities);
        model.put("kinds", List.of(Community.Kind.values()).stream().map(Community.Kind::id).toList());
        model.put("roles", List.of(CommunityRole.values()).stream().map(CommunityRole::id).toList());
        model.put("error", error);
        model.put("notice", ctx.queryParam("done") == null ? ""
                : pages.text(ctx, "sharingAdmin.done." + ctx.queryParam("done").replaceAll("[^a-z-]", "")));
        pages.render(ctx, "admin-sharing", model);
    }

    private void refuse(Context ctx, int status, String key, Object... args) {
        ctx.status(status);
        page(ctx, pages.text(ctx, key, args));
    }

    private String actor(Context ctx) {
        return Requests.requirePrincipal(ctx).name();
    }

    private static String form(Context ctx, String name) {
        return Optional.ofNullable(ctx.formParam(name)).orElse("").strip();
    }

    private void addSector(Context ctx) {
        String code = form(ctx, "code");
        String nameJa = form(ctx, "nameJa");
        String nameEn = form(ctx, "nameEn");
        if (!code.matches("[a-z0-9][a-z0-9-]{0,63}") || nameJa.isEmpty() || nameEn.isEmpty()
                || nameJa.length() > 200 || nameEn.length() > 200) {
            refuse(ctx, 400, "sharingAdmin.error.sector");
            return;
        }
        try {
            services.database().communities().addSector(code, nameJa, nameEn);
        } catch (DuplicateException e) {
            refuse(ctx, 409, "sharingAdmin.error.sectorExists", code);
            return;
        }
        services.audit().record(actor(ctx), "intel.sector.added", code, Map.of("ja", nameJa, "en", nameEn));
        ctx.redirect("/admin/sharing?done=sector");
    }

    private void setSectors(Context ctx) {
        Optional<Organisation> organisation = WebForms.parseId(ctx.pathParam("organisation"))
                .flatMap(id -> services.database().organisations().find(id));
        if (organisation.isEmpty()) {
            refuse(ctx, 404, "sharingAdmin.error.organisation");
            return;
        }
        Set<Long> sectors = new TreeSet<>();
        for (String value : ctx.formParams("sector")) {
            Optional<Long> id = WebForms.parseId(value);
            if (id.isEmpty()) {
                refuse(ctx, 400, "sharingAdmin.error.sector");
                return;
            }
            sectors.add(id.get());
        }
        try {
            services.database().communities().setSectors(organisation.get().id(), sectors);
        } catch (IllegalArgumentException e) {
            refuse(ctx, 400, "sharingAdmin.error.sector");
            return;
        }
        services.audit().record(actor(ctx), "intel.organisation.sectors", organisation.get().name(),
                Map.of("sectors", List.copyOf(sectors)));
        ctx.redirect("/admin/sharing?done=sectors");
    }

    private void createCommunity(Context ctx) {
        String name = form(ctx, "name");
        Community.Kind kind;
        try {
            kind = Community.Kind.parse(form(ctx, "kind"));
        } catch (IllegalArgumentException e) {
            refuse(ctx, 400, "sharingAdmin.error.community");
            return;
        }
        OptionalLong sector = WebForms.parseId(form(ctx, "sectorId")).map(OptionalLong::of).orElse(OptionalLong.empty());
        if (name.isEmpty() || name.length() > 200 || (sector.isPresent() && services.database().communities()
                .sectors().stream().noneMatch(s -> s.id() == sector.getAsLong()))) {
            refuse(ctx, 400, "sharingAdmin.error.community");
            return;
        }
        Community created;
        try {
            created = services.database().communities().create(name, kind, sector);
        } catch (DuplicateException e) {
            refuse(ctx, 409, "sharingAdmin.error.communityExists", name);
            return;
        }
        services.audit().record(actor(ctx), "intel.community.created", name, Map.of("kind", kind.id(),
                "collection", created.collectionId()));
        ctx.redirect("/admin/sharing?done=community");
    }

    /** The community and organisation a membership form names, or empty after answering with the error. */
    private Optional<Map.Entry<Community, Organisation>> target(Context ctx) {
        Optional<Community> community = WebForms.parseId(ctx.pathParam("community"))
                .flatMap(id -> services.database().communities().community(id));
        Optional<Organisation> organisation = WebForms.parseId(form(ctx, "organisationId"))
                .flatMap(id -> services.database().organisations().find(id));
        if (community.isEmpty() || organisation.isEmpty()) {
            refuse(ctx, 404, "sharingAdmin.error.organisation");
            return Optional.empty();
        }
        return Optional.of(Map.entry(community.get(), organisation.get()));
    }

    private Optional<CommunityRole> role(Context ctx) {
        try {
            return Optional.of(CommunityRole.parse(form(ctx, "role")));
        } catch (IllegalArgumentException e) {
            refuse(ctx, 400, "sharingAdmin.error.role");
            return Optional.empty();
        }
    }

    private void addMember(Context ctx) {
        Optional<Map.Entry<Community, Organisation>> target = target(ctx);
        Optional<CommunityRole> role = target.isEmpty() ? Optional.empty() : role(ctx);
        if (role.isEmpty()) {
            return;
        }
        Optional<LocalDate> agreed = Optional.empty();
        String agreedText = form(ctx, "agreedToRules");
        if (!agreedText.isEmpty()) {
            try {
                agreed = Optional.of(LocalDate.parse(agreedText));
            } catch (DateTimeParseException e) {
                refuse(ctx, 400, "sharingAdmin.error.date", agreedText);
                return;
            }
        }
        Community community = target.get().getKey();
        Organisation organisation = target.get().getValue();
        services.database().communities().addMember(new Membership(community.id(), organisation.id(), role.get(),
                agreed));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("community", community.name());
        detail.put("role", role.get().id());
        agreed.ifPresent(day -> detail.put("agreedToRules", day.toString()));
        services.audit().record(actor(ctx), "intel.member.added", organisation.name(), detail);
        ctx.redirect("/admin/sharing?done=member");
    }

    private void removeMember(Context ctx) {
        Optional<Map.Entry<Community, Organisation>> target = target(ctx);
        Optional<CommunityRole> role = target.isEmpty() ? Optional.empty() : role(ctx);
        if (role.isEmpty()) {
            return;
        }
        Community community = target.get().getKey();
        Organisation organisation = target.get().getValue();
        if (services.database().communities().removeMember(community.id(), organisation.id(), role.get())) {
            services.audit().record(actor(ctx), "intel.member.removed", organisation.name(),
                    Map.of("community", community.name(), "role", role.get().id()));
        }
        ctx.redirect("/admin/sharing?done=member-removed");
    }
}
