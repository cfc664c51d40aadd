package org.kizashi.server.http;

import io.javalin.http.Context;
import java.net.URI;
import java.util.Optional;
import org.kizashi.server.auth.Principal;
import org.kizashi.server.auth.Secrets;

/** Helpers for HTML form posts. */
public final class WebForms {
    private WebForms() {
    }

    /** A path on this server to redirect to after a form; anything else (another host, "//evil") becomes "/". */
    public static String safeLocalPath(String candidate) {
        if (candidate == null || candidate.isEmpty() || !candidate.startsWith("/") || candidate.startsWith("//")
                || candidate.startsWith("/\\") || candidate.chars().anyMatch(c -> c < 0x20)) {
            return "/";
        }
        return candidate;
    }

    public static Optional<Long> parseId(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Writes made with a session cookie must carry the session's CSRF token, in a header or a form field. */
    public static void checkCsrf(Context ctx, Principal principal) {
        String sent = ctx.header(Security.CSRF_HEADER);
        if (sent == null && ctx.isFormUrlencoded()) {
            sent = ctx.formParam(Security.CSRF_FIELD);
        }
        if (!Secrets.constantTimeEquals(sent, principal.csrfToken())) {
            throw ApiError.forbidden("missing or wrong CSRF token: reload the page and try again");
        }
    }

    /** Refuses a cross-site form post (login CSRF); same-origin browsers and non-browser clients pass. */
    public static void checkSameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        String host = ctx.header("Host");
        try {
            URI uri = URI.create(origin);
            String originHost = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            if (host != null && uri.getHost() != null
                    && (host.equalsIgnoreCase(originHost) || host.equalsIgnoreCase(uri.getHost()))) {
                return;
            }
        } catch (IllegalArgumentException malformed) {
            // refused below
        }
        throw ApiError.forbidden("cross-site request refused (Origin " + origin + ")");
    }
}
