package org.kizashi.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kizashi.server.Services;
import org.kizashi.server.http.Access;

/** Health, the OpenAPI document and Prometheus metrics: what operators' monitoring calls without logging in. */
public final class SystemApi {
    private final Services services;
    private final byte[] openApi;

    public SystemApi(Services services) {
        this.services = services;
        try (InputStream in = SystemApi.class.getClassLoader().getResourceAsStream("web/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("web/openapi.yaml missing from the class path");
            }
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/health", this::health, Access.PUBLIC);
        // Load balancers and uptime checkers often probe with HEAD.
        routes.head("/api/health", ctx -> ctx.status(services.database().isAnswering(2) ? 200 : 503), Access.PUBLIC);
        routes.get("/api/openapi.yaml", ctx -> ctx.contentType("application/yaml; charset=utf-8").result(openApi), Access.PUBLIC);
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(services.metrics().scrape()), Access.PUBLIC);
    }

    private void health(Context ctx) {
        boolean up = services.database().isAnswering(2);
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("status", up ? "UP" : "DOWN");
        database.put("vendor", services.database().vendor().displayName());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("version", services.version());
        body.put("database", database);
        ctx.status(up ? 200 : 503).json(body);
    }
}
