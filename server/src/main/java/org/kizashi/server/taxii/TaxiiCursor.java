package org.kizashi.server.taxii;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.kizashi.server.auth.Secrets;

/**
 * TAXII's {@code next}: an opaque token holding where the last page ended (its last date added, which strictly
 * increases within a collection) and a fingerprint of the query it belongs to, so that a token handed to another
 * query (another collection, other filters) is refused rather than silently skipping objects. No offsets: objects
 * added while a client pages only ever appear after its position.
 */
final class TaxiiCursor {
    private static final String VERSION = "k1";

    private TaxiiCursor() {
    }

    /** A fingerprint of everything that decides which objects a query returns, except the page position and size. */
    static String fingerprint(String query) {
        return Secrets.sha256(query).substring(0, 16);
    }

    static String encode(Instant lastDateAdded, String fingerprint) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, lastDateAdded);
        String text = VERSION + "." + micros + "." + fingerprint;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The position a token stands for.
     *
     * @throws TaxiiException 400 when the token is not one of ours or belongs to another query
     */
    static Instant decode(String token, String fingerprint) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split("\\.");
        } catch (IllegalArgumentException e) {
            throw TaxiiException.badRequest("'next' is not a cursor this server handed out");
        }
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw TaxiiException.badRequest("'next' is not a cursor this server handed out");
        }
        if (!parts[2].equals(fingerprint)) {
            throw TaxiiException.badRequest("'next' belongs to another query: repeat the filters of the request "
                    + "that returned it");
        }
        try {
            return Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
        } catch (NumberFormatException e) {
            throw TaxiiException.badRequest("'next' is not a cursor this server handed out");
        }
    }
}
