package org.kizashi.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.kizashi.aggregate.Resolution;
import org.kizashi.core.identity.Role;
import org.kizashi.core.telescope.ProtocolPort;
import org.kizashi.server.Services;
import org.kizashi.server.auth.Principal;
import org.kizashi.server.http.Access;
import org.kizashi.server.http.ApiError;
import org.kizashi.server.http.Requests;
import org.kizashi.server.telescope.LiveFeed;
import org.kizashi.server.telescope.TelescopeHub;
import org.kizashi.server.telescope.TelescopeViews;
import org.kizashi.telescope.report.SensorReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * /api/v1/telescope: sensors' reports in, the overview, time series, alerts and the live view (server-sent events)
 * out. Reading needs any role; posting reports needs an API token of an analyst or administrator.
 */
public final class TelescopeApi {
    private static final Logger LOG = LoggerFactory.getLogger(TelescopeApi.class);
    /** How long a live stream waits for a batch before it sends a comment to keep the connection open. */
    static final long KEEP_ALIVE_MILLIS = 15_000;
    /** Batches of the last seconds a new live client starts with, so that its map fills at once. */
    static final long REPLAY_ON_CONNECT_MILLIS = 10_000;

    private final Services services;
    private final TelescopeHub hub;
    private final SseHandler sse;

    public TelescopeApi(Services services) {
        this.services = services;
        this.hub = services.telescope();
        this.sse = new SseHandler(client -> {
            client.keepAlive();
            Thread.ofVirtual().name("kizashi-live-client").start(() -> stream(client));
        });
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/v1/telescope/reports", this::report, Access.ANALYST);
        routes.get("/api/v1/telescope/overview", ctx -> ctx.json(hub.overview(day(ctx))), Access.VIEWER);
        routes.get("/api/v1/telescope/series", this::series, Access.VIEWER);
        routes.get("/api/v1/telescope/alerts", this::alerts, Access.VIEWER);
        routes.get("/api/v1/telescope/live", this::live, Access.VIEWER);
        routes.get("/api/v1/telescope/networks", this::networks, Access.ANALYST);
    }

    // ---- organisations' ranges, for sensors' DAEDALUS alerts

    /** Every registered organisation range: a sensor loads them so that it can tell which hosts scanning are whose. */
    private void networks(Context ctx) {
        ctx.json(services.database().networks().listAll().stream()
                .map(n -> Map.of("id", n.id(), "organisationId", n.organisationId(), "prefix", n.prefix().toString()))
                .toList());
    }

    // ---- reports

    private void report(Context ctx) throws IOException {
        Principal p = Requests.requirePrincipal(ctx);
        if (p.viaSession()) {
            throw ApiError.forbidden("sensors send reports with an API token (Authorization: Bearer kzs_...),"
                    + " not with a browser session");
        }
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/octet-stream")) {
            throw new ApiError(415, "unsupported_media_type", "send the report as Content-Type:"
                    + " application/octet-stream (the bytes of SensorReport.toBytes()), not " + type);
        }
        long max = hub.settings().maxReportBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw tooLarge(declared, max);
        }
        byte[] body = readAtMost(ctx.req().getInputStream(), max);
        if (body.length == 0) {
            throw ApiError.badRequest("the request body is empty; expected a sensor report (SensorReport.toBytes())");
        }
        SensorReport report;
        try {
            report = SensorReport.fromBytes(body);
        } catch (IOException | RuntimeException e) {
            throw ApiError.badRequest("the body is not a valid sensor report: " + e.getMessage());
        }
        TelescopeViews.IngestResult result = hub.ingest(report, true);
        services.metrics().counter("kizashi.telescope.reports", "sensor", result.sensor()).increment();
        services.metrics().counter("kizashi.telescope.packets").increment(result.packets());
        LOG.debug("Telescope report of {} by {}: {} packets, {} alerts", result.sensor(), p.name(), result.packets(),
                result.alertIds().size());
        ctx.json(result);
    }

    private static ApiError tooLarge(long size, long max) {
        return new ApiError(413, "content_too_large", "the report has " + size + " bytes; at most " + max
                + " are accepted (telescope.max-report-mb): send reports more often");
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > max) {
                throw tooLarge(total, max);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    // ---- views

    public static Optional<LocalDate> day(Context ctx) {
        String text = ctx.queryParam("day");
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.trim()));
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("query parameter 'day' is not a date (YYYY-MM-DD): '" + text + "'");
        }
    }

    private void series(Context ctx) {
        Optional<ProtocolPort> port = port(ctx.queryParam("port"));
        Resolution resolution = resolution(ctx.queryParam("resolution"));
        ctx.json(hub.series(port, resolution, instant(ctx, "from"), instant(ctx, "to")));
    }

    /** "2323/tcp"; empty or "total" for all packets. */
    public static Optional<ProtocolPort> port(String text) {
        if (text == null || text.isBlank() || text.trim().equals("total")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ProtocolPort.parse(text.trim().toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("query parameter 'port': " + e.getMessage());
        }
    }

    public static Resolution resolution(String text) {
        if (text == null || text.isBlank()) {
            return Resolution.HOUR;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "minute" -> Resolution.MINUTE;
            case "hour" -> Resolution.HOUR;
            case "day" -> Resolution.DAY;
            default -> throw ApiError.badRequest("query parameter 'resolution' must be minute, hour or day, not '"
                    + text + "'");
        };
    }

    private static Optional<Instant> instant(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.trim()));
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("query parameter '" + name + "' is not a time such as 2026-11-20T00:00:00Z: '"
                    + text + "'");
        }
    }

    private void alerts(Context ctx) {
        int limit = 50;
        String text = ctx.queryParam("limit");
        if (text != null && !text.isBlank()) {
            try {
                limit = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("query parameter 'limit' is not a number: '" + text + "'");
            }
            if (limit < 1 || limit > 1000) {
                throw ApiError.badRequest("query parameter 'limit' must be from 1 to 1000");
            }
        }
        ctx.json(hub.alerts(visibleTo(Requests.requirePrincipal(ctx)), limit));
    }

    /** Administrators see every alert; others see DAEDALUS alerts of their own organisation only. */
    public static OptionalLong visibleTo(Principal p) {
        return p.has(Role.ADMIN) ? OptionalLong.empty() : OptionalLong.of(p.organisation().id());
    }

    // ---- live

    private void live(Context ctx) throws Exception {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ApiError(406, "not_acceptable", "this endpoint streams server-sent events: send"
                    + " 'Accept: text/event-stream' (EventSource does)");
        }
        sse.handle(ctx);
    }

    private void stream(SseClient client) {
        LiveFeed feed = hub.live();
        try {
            long seq = feed.lastSeq();
            Map<String, Object> hello = new LinkedHashMap<>();
            hello.put("demo", feed.demo());
            hello.put("sensor", Map.of("lon", hub.settings().sensorLon(), "lat", hub.settings().sensorLat()));
            hello.put("packets", feed.packets());
            hello.put("samples", feed.samples());
            hello.put("server", services.clock().millis());
            client.sendEvent("hello", services.json().writeValueAsString(hello));
            List<LiveFeed.Batch> recent = feed.since(services.clock().millis() - REPLAY_ON_CONNECT_MILLIS);
            for (LiveFeed.Batch b : recent) {
                if (b.seq() <= seq) {
                    client.sendEvent("batch", b.json(), Long.toString(b.seq()));
                }
            }
            while (!client.terminated() && !feed.isClosed()) {
                List<LiveFeed.Batch> next = feed.await(seq, KEEP_ALIVE_MILLIS);
                if (next.isEmpty()) {
                    if (!feed.isClosed() && !client.terminated()) {
                        client.sendComment("keep-alive");
                    }
                    continue;
                }
                for (LiveFeed.Batch b : next) {
                    if (client.terminated()) {
                        break;
                    }
                    client.sendEvent("batch", b.json(), Long.toString(b.seq()));
                    seq = b.seq();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.debug("Live stream ended: {}", e.toString());
        } finally {
            client.close();
        }
    }
}
