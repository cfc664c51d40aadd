package org.kizashi.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kizashi.core.active.ConsentChannel;
import org.kizashi.core.active.ConsentStatus;
import org.kizashi.core.net.IpAddress;
import org.kizashi.server.Services;
import org.kizashi.server.active.ActiveService;
import org.kizashi.server.active.OptOutLinks;
import org.kizashi.server.auth.Principal;
import org.kizashi.server.http.Access;
import org.kizashi.server.http.Requests;

/**
 * 対処 / Response: the state of the policy zones (serials, entries by source, list files and their unusable lines,
 * what the secondaries did), the blocks counted, and the walled garden's warning page, which a subscriber sees when a
 * blocked name led the browser here. The warning page is in Japanese and English at once (the subscriber may not
 * know how to switch), asks for nothing, and records the hit.
 */
final class ResponsePage {
    private final ActiveService active;
    private final Pages pages;

    ResponsePage(Services services) {
        this.active = services.active();
        this.pages = services.pages();
    }

    void routes(RoutesConfig routes) {
        routes.get("/response", this::page, Access.VIEWER);
        routes.get("/warning", ctx -> warning(ctx, ctx.queryParam("host")), Access.PUBLIC);
        routes.post("/response/consent", this::changeConsentForSubscriber, Access.ANALYST);
        routes.get("/optout/{token}", ctx -> optOutPage(ctx, null), Access.PUBLIC);
        routes.post("/optout/{token}", this::optOutChoice, Access.PUBLIC);
    }

    /** The ISP's staff change a subscriber's consent (a call to the support desk, a written request). */
    private void changeConsentForSubscriber(Context ctx) {
        Principal p = Requests.requirePrincipal(ctx);
        String isp = Optional.ofNullable(ctx.formParam("isp")).orElse("").strip();
        String subscriber = Optional.ofNullable(ctx.formParam("subscriber")).orElse("").strip();
        String note = Optional.ofNullable(ctx.formParam("note")).orElse("").strip();
        ConsentStatus status = "opted-in".equals(ctx.formParam("status")) ? ConsentStatus.OPTED_IN
                : ConsentStatus.OPTED_OUT;
        if (isp.isEmpty() || subscriber.isEmpty() || isp.length() > 200 || subscriber.length() > 200
                || note.length() > 2000) {
            ctx.status(400);
            ctx.attribute("responseError", pages.text(ctx, "response.consent.missing"));
            page(ctx);
            return;
        }
        active.changeConsent(isp, subscriber, status, ConsentChannel.ISP, p.user().username(), note);
        ctx.redirect("/response?consent=" + status.id() + "#consent");
    }

    /** A subscriber's personal page (the link in a notice): the current choice, and a button to change it. */
    private void optOutPage(Context ctx, ConsentStatus justChanged) {
        Optional<OptOutLinks.Holder> holder = active.optOutHolder(ctx.pathParam("token"));
        Map<String, Object> model = new HashMap<>();
        model.put("valid", holder.isPresent());
        model.put("token", ctx.pathParam("token"));
        model.put("justChanged", justChanged == null ? "" : justChanged.id());
        String status = holder.map(h -> active.consentOf(h.isp(), h.subscriber()).id()).orElse("");
        model.put("status", status);
        model.put("ja", optOutTexts(Language.JA, holder, status));
        model.put("en", optOutTexts(Language.EN, holder, status));
        ctx.header("Cache-Control", "no-store");
        if (holder.isEmpty()) {
            ctx.status(404);
        }
        pages.render(ctx, "optout", model);
    }

    private void optOutChoice(Context ctx) {
        Optional<OptOutLinks.Holder> holder = active.optOutHolder(ctx.pathParam("token"));
        if (holder.isEmpty()) {
            optOutPage(ctx, null);
            return;
        }
        ConsentStatus wanted = "opted-in".equals(ctx.formParam("status")) ? ConsentStatus.OPTED_IN
                : ConsentStatus.OPTED_OUT;
        active.changeConsent(holder.get().isp(), holder.get().subscriber(), wanted, ConsentChannel.SUBSCRIBER,
                "opt-out page from " + ctx.ip(), "");
        optOutPage(ctx, wanted);
    }

    private Map<String, String> optOutTexts(Language language, Optional<OptOutLinks.Holder> holder, String status) {
        Map<String, String> texts = new HashMap<>();
        String subscriber = holder.map(OptOutLinks.Holder::subscriber).orElse("");
        String isp = holder.map(OptOutLinks.Holder::isp).orElse("");
        for (String key : new String[] {"title", "lead", "optedIn", "optedOut", "optOut", "optIn", "changedOut",
                "changedIn", "invalid", "effect"}) {
            texts.put(key, pages.messages().get(language, "optout." + key, subscriber, isp));
        }
        texts.put("current", status.equals("opted-out") ? texts.get("optedOut") : texts.get("optedIn"));
        return texts;
    }

    private void page(Context ctx) {
        Map<String, Object> model = new HashMap<>();
        model.put("currentArea", "response");
        model.put("status", active.status());
        model.put("optedOut", active.optedOut());
        model.put("notifies", active.notifies());
        model.put("openResolvers", active.openResolverCounts());
        model.put("isps", active.isps());
        model.put("notifications", active.recentNotifications(50));
        model.put("notNotified", active.notNotified().stream().limit(50).toList());
        Object consentError = ctx.attribute("responseError");
        model.put("error", consentError == null ? "" : consentError);
        model.put("settings", active.settings());
        model.put("action", active.defaultAction().label());
        String check = ctx.queryParam("check");
        model.put("check", check == null ? "" : check.strip());
        model.put("verdict", null);
        if (check != null && !check.isBlank()) {
            model.put("check", check.strip());
            try {
                model.put("verdict", check.contains("://") ? active.checkUrl(check.strip())
                        : active.checkName(check.strip()));
            } catch (IllegalArgumentException e) {
                model.put("error", e.getMessage());
            }
        }
        pages.render(ctx, "response", model);
    }

    /**
     * True (and the warning page answered) when the request's host is a blocked name: the resolver sent the browser
     * to us instead of the site. Static files pass, so that the page has its style sheet.
     */
    boolean warnsForBlockedHost(Context ctx) {
        if (ctx.path().startsWith("/static/")) {
            return false;
        }
        String host = hostOf(ctx.host());
        if (host.isEmpty() || host.equals("localhost") || isAddress(host)) {
            return false;
        }
        if (!active.checkName(host).blocked()) {
            return false;
        }
        warning(ctx, host);
        return true;
    }

    private void warning(Context ctx, String host) {
        String shown = host == null ? "" : hostOf(host);
        IpAddress client;
        try {
            client = IpAddress.parse(ctx.ip());
        } catch (IllegalArgumentException e) {
            client = IpAddress.parse("0.0.0.0");
        }
        ActiveService.Verdict verdict = shown.isEmpty() ? null : active.warningShown(client, shown);
        Map<String, Object> model = new HashMap<>();
        model.put("host", shown);
        model.put("verdict", verdict);
        model.put("at", java.time.Instant.now());
        model.put("client", client.toString());
        String reference = Long.toHexString(Math.abs((shown + "|" + client + "|" + model.get("at")).hashCode()));
        model.put("reference", reference);
        model.put("ja", warningTexts(Language.JA, shown, verdict));
        model.put("en", warningTexts(Language.EN, shown, verdict));
        ctx.header("Cache-Control", "no-store");
        pages.render(ctx, "warning", model);
    }

    /** The warning page's texts in one language (the page shows both languages at once). */
    private Map<String, String> warningTexts(Language language, String host, ActiveService.Verdict verdict) {
        Map<String, String> texts = new HashMap<>();
        for (String key : new String[] {"title", "lead", "whatTitle", "whyTitle", "todoTitle", "todo1", "todo2",
                "todo3", "reportTitle", "report", "credentials", "reference", "noReason"}) {
            texts.put(key, pages.messages().get(language, "warning." + key, host));
        }
        texts.put("what", pages.messages().get(language, host.isEmpty() ? "warning.whatNoHost" : "warning.what",
                host));
        String reason = verdict == null || !verdict.blocked() ? "" : verdict.reason();
        texts.put("why", reason.isBlank() ? pages.messages().get(language, "warning.noReason")
                : pages.messages().get(language, "warning.why", reason));
        return texts;
    }

    private static String hostOf(String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            return host; // an IPv6 literal
        }
        int colon = host.lastIndexOf(':');
        return colon >= 0 ? host.substring(0, colon) : host;
    }

    private static boolean isAddress(String host) {
        try {
            IpAddress.parse(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
