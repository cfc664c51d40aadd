package org.kizashi.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.kizashi.server.Services;
import org.kizashi.server.active.ActiveService;
import org.kizashi.server.http.Access;
import org.kizashi.server.http.ApiError;

/**
 * The lookup for proxies and mail gateways: {@code GET /api/v1/active/check?url=...} (or {@code ?name=}) answers
 * whether the URL or host name is blocked, by which entry, and why; the same decision the policy zone makes, plus the
 * URL entries DNS cannot enforce.
 */
public final class ActiveApi {
    private final ActiveService active;

    public ActiveApi(Services services) {
        this.active = services.active();
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/v1/active/check", this::check, Access.VIEWER);
        routes.post("/api/v1/active/logs", this::importLog, Access.ANALYST);
        routes.get("/api/v1/active/attribution", this::attribution, Access.ANALYST);
        routes.get("/api/v1/active/ip53b", this::ip53b, Access.ANALYST);
    }

    /** Ready-to-apply nftables rules (nft -f) blocking inbound DNS to an ISP's subscribers. */
    private void ip53b(Context ctx) {
        org.kizashi.active.ip53b.Ip53bRules.Scope scope = "answering".equals(ctx.queryParam("scope"))
                ? org.kizashi.active.ip53b.Ip53bRules.Scope.ANSWERING_ADDRESSES
                : org.kizashi.active.ip53b.Ip53bRules.Scope.SUBSCRIBER_RANGES;
        String rules;
        try {
            rules = active.ip53bRules(required(ctx, "isp"), scope);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        ctx.contentType("text/plain; charset=utf-8").header("Content-Disposition",
                "attachment; filename=\"kizashi-ip53b.nft\"").result(rules);
    }

    /** Who held an address at a time (and port behind CGNAT), with the records; or a refusal that says why. */
    private void attribution(Context ctx) {
        org.kizashi.core.net.IpAddress address;
        java.time.Instant time;
        java.util.OptionalInt port = java.util.OptionalInt.empty();
        try {
            address = org.kizashi.core.net.IpAddress.parse(required(ctx, "ip"));
            time = java.time.Instant.parse(required(ctx, "time"));
            String portText = ctx.queryParam("port");
            if (portText != null && !portText.isBlank()) {
                int p = Integer.parseInt(portText.strip());
                if (p < 0 || p > 65_535) {
                    throw new IllegalArgumentException("port " + p + " is outside 0..65535");
                }
                port = java.util.OptionalInt.of(p);
            }
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiError.badRequest("time: expected an ISO-8601 instant such as 2026-11-23T03:00:00Z");
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        org.kizashi.active.subscriber.Attribution found = active.attribute(address, time, port);
        java.util.Map<String, Object> answer = new java.util.LinkedHashMap<>();
        if (found instanceof org.kizashi.active.subscriber.Attribution.Found f) {
            answer.put("found", true);
            answer.put("isp", f.isp().isp());
            answer.put("asn", f.isp().asn());
            answer.put("subscriber", f.subscriber());
        } else if (found instanceof org.kizashi.active.subscriber.Attribution.Refused r) {
            answer.put("found", false);
            answer.put("refusal", r.reason().name());
            r.isp().ifPresent(isp -> answer.put("isp", isp.isp()));
        }
        answer.put("explanation", found.explanation());
        answer.put("evidence", found.evidence().stream().map(lease -> lease.describe()).toList());
        ctx.json(answer);
    }

    private static String required(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the query parameter " + name + " is required");
        }
        return value.strip();
    }

    /** A resolver log or sinkhole report in the body; the answer says what was counted and which lines were not. */
    private void importLog(Context ctx) throws java.io.IOException {
        ActiveService.LogFormat format;
        try {
            format = ActiveService.LogFormat.parse(ctx.queryParam("format"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        String name = java.util.Optional.ofNullable(ctx.queryParam("name")).filter(n -> !n.isBlank())
                .orElse("upload");
        try (java.io.Reader body = new java.io.InputStreamReader(ctx.bodyInputStream(),
                java.nio.charset.StandardCharsets.UTF_8)) {
            ctx.json(active.importLog(format, name, new java.io.BufferedReader(body)));
        }
    }

    private void check(Context ctx) {
        String url = ctx.queryParam("url");
        String name = ctx.queryParam("name");
        if ((url == null || url.isBlank()) == (name == null || name.isBlank())) {
            throw ApiError.badRequest("give exactly one of the query parameters url and name");
        }
        ActiveService.Verdict verdict;
        try {
            verdict = url != null && !url.isBlank() ? active.checkUrl(url) : active.checkName(name);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        ctx.json(verdict);
    }
}
