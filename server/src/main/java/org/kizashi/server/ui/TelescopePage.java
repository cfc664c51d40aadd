package org.kizashi.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kizashi.aggregate.Resolution;
import org.kizashi.core.telescope.ProtocolPort;
import org.kizashi.server.Services;
import org.kizashi.server.api.TelescopeApi;
import org.kizashi.server.auth.Principal;
import org.kizashi.server.http.Access;
import org.kizashi.server.http.ApiError;
import org.kizashi.server.http.Requests;
import org.kizashi.server.telescope.TelescopeHub;
import org.kizashi.server.telescope.TelescopeViews;

/**
 * 観測 / Telescope: the live atlas (drawn by telescope.js from the server-sent events), the overview of a day or the
 * last 24 hours with its top-10 tables, the per-port time series (telescope.js, from the JSON API), the yearly summary
 * and the alerts the reader may see. The tables are rendered here, so they read without JavaScript.
 */
final class TelescopePage {
    static final String DEFAULT_PORT = "23/tcp";
    static final int ALERTS_SHOWN = 30;

    private final Services services;
    private final Pages pages;
    private final TelescopeHub hub;

    TelescopePage(Services services) {
        this.services = services;
        this.pages = services.pages();
        this.hub = services.telescope();
    }

    void routes(RoutesConfig routes) {
        routes.get("/telescope", this::page, Access.VIEWER);
    }

    private void page(Context ctx) {
        Principal p = Requests.requirePrincipal(ctx);
        Language language = Pages.language(ctx);
        TelescopeViews.Overview overview = hub.overview(TelescopeApi.day(ctx));

        String port = DEFAULT_PORT;
        String portError = "";
        String portParam = ctx.queryParam("port");
        if (portParam != null && !portParam.isBlank()) {
            try {
                port = TelescopeApi.port(portParam).map(ProtocolPort::toString).orElse("total");
            } catch (ApiError e) {
                portError = pages.text(ctx, "telescope.series.badPort", portParam);
            }
        }
        Resolution resolution;
        try {
            resolution = TelescopeApi.resolution(ctx.queryParam("resolution"));
        } catch (ApiError e) {
            resolution = Resolution.HOUR;
        }

        Map<String, String> countryNames = new HashMap<>();
        for (TelescopeViews.TopCountry c : overview.topCountries()) {
            countryNames.put(c.country(), countryName(c.country(), language));
        }
        List<TelescopeViews.Alert> alerts = hub.alerts(TelescopeApi.visibleTo(p), ALERTS_SHOWN);
        for (TelescopeViews.Alert a : alerts) {
            Object countries = a.evidence().get("topCountries");
            if (countries instanceof List<?> list) {
                list.forEach(c -> countryNames.put(String.valueOf(c), countryName(String.valueOf(c), language)));
            }
            Object country = a.evidence().get("country");
            if (country instanceof String s && !s.isEmpty()) {
                countryNames.put(s, countryName(s, language));
            }
        }

        Map<String, Object> model = new HashMap<>();
        model.put("currentArea", "telescope");
        model.put("overview", overview);
        model.put("selectedDay", overview.window().day() == null ? "" : overview.window().day().toString());
        model.put("days", overview.days().stream().map(Object::toString).toList());
        model.put("countryNames", countryNames);
        model.put("alerts", alerts);
        model.put("organisationAlerts", hub.organisationAlerts(p.organisation().id(), ALERTS_SHOWN));
        model.put("seesAllAlerts", TelescopeApi.visibleTo(p).isEmpty());
        model.put("port", port);
        model.put("portError", portError);
        model.put("error", portError);
        model.put("resolution", resolution.name().toLowerCase(Locale.ROOT));
        model.put("sensorLon", hub.settings().sensorLon());
        model.put("sensorLat", hub.settings().sensorLat());
        model.put("geoAttribution", GeoAttribution.text(language));
        Map<String, Long> classPackets = new LinkedHashMap<>();
        overview.byClass().forEach((k, v) -> classPackets.put(k, v.packets()));
        model.put("classPackets", classPackets);
        pages.render(ctx, "telescope", model);
    }

    /** The country's name in the reader's language ("中国", "China"), or the code when Java does not know it. */
    static String countryName(String code, Language language) {
        if (code == null || code.length() != 2) {
            return code == null ? "" : code;
        }
        String name = Locale.of("", code).getDisplayCountry(language.locale());
        return name == null || name.isBlank() || name.equalsIgnoreCase(code) ? code : name;
    }
}
