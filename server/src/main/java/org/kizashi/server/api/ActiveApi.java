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
