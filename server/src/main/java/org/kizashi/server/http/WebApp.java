package org.kizashi.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.kizashi.core.identity.DuplicateException;
import org.kizashi.server.Services;
import org.kizashi.server.admin.IdentityAdmin;
import org.kizashi.server.api.ActiveApi;
import org.kizashi.server.api.IdentityApi;
import org.kizashi.server.auth.LoginThrottle;
import org.kizashi.server.api.SystemApi;
import org.kizashi.server.api.TelescopeApi;
import org.kizashi.server.taxii.TaxiiApi;
import org.kizashi.server.ui.UiRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server: JSON API under /api/v1, the web UI, static files, health and metrics, on virtual threads. */
public final class WebApp {
    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);
    private static final String STARTED = "kizashi.started";

    private WebApp() {
    }

    public static Javalin create(Services services, HttpSettings http) {
        Security security = new Security(services);
        SystemApi system = new SystemApi(services);
        IdentityApi identity = new IdentityApi(services);
        TelescopeApi telescope = new TelescopeApi(services);
        TaxiiApi taxii = new TaxiiApi(services);
        ActiveApi active = new ActiveApi(services);
        UiRoutes ui = new UiRoutes(services);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = TaxiiApi.MAX_CONTENT_LENGTH; // TAXII envelopes; other routes check less
            config.jsonMapper(new JavalinJackson(services.json(), true));
            config.jetty.host = http.host();
            config.jetty.port = http.port();
            if (http.tls()) {
                config.jetty.addConnector((server, httpConfiguration) -> tlsConnector(server, httpConfiguration, http));
                config.jetty.port = -1; // no plain-HTTP connector next to the TLS one
            }
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/web/static";
                files.location = Location.CLASSPATH;
                files.roles = Set.of(Access.PUBLIC);
                files.headers = Map.of("Cache-Control", "max-age=3600");
            });

            config.routes.before(ctx -> {
                ctx.attribute(STARTED, System.nanoTime());
                Security.protectiveHeaders(ctx);
                if (ui.warnsForBlockedHost(ctx)) {
                    ctx.skipRemainingHandlers(); // the walled garden: a blocked name resolved to us
                    return;
                }
                security.identify(ctx);
            });
            config.routes.beforeMatched(security::authorise);
            config.routes.after(ctx -> recordTiming(services, ctx));

            system.routes(config.routes);
            identity.routes(config.routes);
            telescope.routes(config.routes);
            taxii.routes(config.routes);
            active.routes(config.routes);
            ui.routes(config.routes);

            config.routes.exception(TaxiiApi.exceptionType(), (e, ctx) -> TaxiiApi.answer(ctx, services.json(), e));

            config.routes.exception(ApiError.class, (e, ctx) -> answerError(services, ctx, e.status(), e.code(), e.getMessage()));
            config.routes.exception(IllegalArgumentException.class,
                    (e, ctx) -> answerError(services, ctx, 400, "bad_request", e.getMessage()));
            config.routes.exception(LoginThrottle.TooManyAttempts.class, (e, ctx) -> {
                ctx.header("Retry-After", String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
                answerError(services, ctx, 429, "too_many_requests", e.getMessage());
            });
            config.routes.exception(DuplicateException.class,
                    (e, ctx) -> answerError(services, ctx, 409, "conflict", e.getMessage()));
            config.routes.exception(IdentityAdmin.NotFoundException.class,
                    (e, ctx) -> answerError(services, ctx, 404, "not_found", e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                String incident = UUID.randomUUID().toString().substring(0, 8);
                LOG.error("Unexpected error {} on {} {}", incident, ctx.method(), ctx.path(), e);
                answerError(services, ctx, 500, "internal_error",
                        "internal error " + incident + " (details in the server log)");
            });
            // Javalin's own answers (unknown route, wrong method, body too large, ...) in the same form as ours.
            config.routes.exception(HttpResponseException.class, (e, ctx) -> answerError(services, ctx, e.getStatus(),
                    e.getStatus() == 404 ? "not_found" : "http_" + e.getStatus(),
                    e.getStatus() == 404 ? "no such page or endpoint: " + ctx.method() + " " + ctx.path() : e.getMessage()));
        });
    }

    private static ServerConnector tlsConnector(org.eclipse.jetty.server.Server server, HttpConfiguration base, HttpSettings http) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(http.keyStore().toAbsolutePath().toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(http.keyStorePassword());
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        if (http.clientCa() != null) {
            // Asked for, not required: browsers and token clients connect without one.
            ssl.setTrustStorePath(http.clientCa().toAbsolutePath().toString());
            ssl.setTrustStoreType("PKCS12");
            ssl.setTrustStorePassword(http.clientCaPassword());
            ssl.setWantClientAuth(true);
        }
        HttpConfiguration https = new HttpConfiguration(base);
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(http.host());
        connector.setPort(http.port());
        return connector;
    }

    /** API paths answer JSON; pages answer an HTML page in the reader's language. */
    static void answerError(Services services, Context ctx, int status, String code, String message) {
        if (TaxiiApi.isTaxii(ctx)) {
            TaxiiApi.answerError(ctx, services.json(), status, code, message);
            return;
        }
        ctx.status(status);
        if (Requests.isApi(ctx) || acceptsJsonOnly(ctx)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", status);
            body.put("error", code);
            body.put("message", message);
            ctx.json(body);
            if (status == 401) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"kizashi\"");
            }
            return;
        }
        services.pages().render(ctx, "error", Map.of("status", status, "code", code, "message", message));
    }

    private static boolean acceptsJsonOnly(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }

    private static void recordTiming(Services services, Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        var endpoint = ctx.endpoints().lastHttpEndpoint();
        String route = endpoint == null ? (ctx.path().startsWith("/static/") ? "/static" : "unmatched") : endpoint.path;
        Timer.builder("http.server.requests")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", String.valueOf(ctx.statusCode()))
                .register(services.metrics())
                .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
