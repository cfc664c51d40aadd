package org.kizashi.server.http;

import io.javalin.http.Context;
import org.kizashi.server.Services;

/**
 * The session cookie: HttpOnly, SameSite=Lax, and Secure in production (served over HTTPS, directly or by a TLS proxy).
 * It has no Max-Age, so it ends with the browser session at the latest; the server ends it after session.lifetime-minutes.
 */
public final class SessionCookies {
    private SessionCookies() {
    }

    public static void set(Context ctx, String value, Services services) {
        ctx.res().addHeader("Set-Cookie", Security.SESSION_COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Lax"
                + (services.secureCookies() ? "; Secure" : ""));
    }

    public static void clear(Context ctx, Services services) {
        ctx.res().addHeader("Set-Cookie", Security.SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
                + (services.secureCookies() ? "; Secure" : ""));
    }
}
