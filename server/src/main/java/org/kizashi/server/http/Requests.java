package org.kizashi.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.util.Optional;
import org.kizashi.server.auth.Principal;

/** Small helpers shared by the API and the pages. */
public final class Requests {
    static final String PRINCIPAL = "kizashi.principal";

    private Requests() {
    }

    public static Optional<Principal> principal(Context ctx) {
        return Optional.ofNullable(ctx.attribute(PRINCIPAL));
    }

    /** The logged-in principal; the access check has already made sure there is one on non-public routes. */
    public static Principal requirePrincipal(Context ctx) {
        return principal(ctx).orElseThrow(() -> ApiError.unauthorized("log in first"));
    }

    public static boolean isApi(Context ctx) {
        String path = ctx.path();
        return path.startsWith("/api/") || path.startsWith("/taxii2/") || path.equals("/metrics");
    }

    /** Reads a JSON body into {@code type}; malformed JSON and unknown fields are a 400 naming the line and column. */
    public static <T> T body(Context ctx, ObjectMapper json, Class<T> type) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw ApiError.badRequest("the request body is empty; expected a JSON object");
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw ApiError.badRequest("expected a JSON object, got null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiError.badRequest("unknown field '" + e.getPropertyName() + "' at " + where(e.getLocation())
                    + "; known fields: " + e.getKnownPropertyIds());
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON at " + where(e.getLocation()) + ": " + e.getOriginalMessage());
        }
    }

    private static String where(JsonLocation location) {
        return location == null ? "unknown position"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The client's address as seen by the server (a proxy in front must be configured to pass it on, later). */
    public static String clientAddress(Context ctx) {
        return ctx.ip();
    }

    public static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiError.badRequest("field '" + field + "' is required");
        }
        return value;
    }
}
