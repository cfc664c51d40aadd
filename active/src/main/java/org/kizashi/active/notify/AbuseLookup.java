package org.kizashi.active.notify;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of an abuse-contact lookup, found or not: failures that are part of the job (no record, a server that
 * is down or slow, an answer without e-mail) are outcomes too, not exceptions, so that a batch of lookups carries on.
 *
 * @param query       what was asked, such as {@code domain malware.example} or {@code ip 192.0.2.1}
 * @param server      the RDAP base URL asked; empty when none is configured for the query
 * @param contact     the contact, when one with an e-mail address was found
 * @param explanation one sentence naming the query and the server: what was found and from which role, or why
 *                    nothing was
 */
public record AbuseLookup(String query, Optional<URI> server, Optional<AbuseContact> contact, String explanation) {
    public AbuseLookup {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(explanation, "explanation");
    }

    public boolean found() {
        return contact.isPresent();
    }

    @Override
    public String toString() {
        return explanation;
    }
}
