package org.kizashi.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.kizashi.core.net.IpAddress;
import org.kizashi.server.Services;
import org.kizashi.server.active.ActiveService;
import org.kizashi.server.http.Access;

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
    }

    private void page(Context ctx) {
        Map<String, Object> model = new HashMap<>();
        model.put("currentArea", "response");
        model.put("status", active.status());
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
