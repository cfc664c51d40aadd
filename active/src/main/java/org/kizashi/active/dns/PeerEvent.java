package org.kizashi.active.dns;

import java.time.Instant;

/**
 * Something that happened with a secondary: a transfer served or refused, a NOTIFY acknowledged, refused or not
 * answered. Kept for the status page and logged, so that an operator sees which peer fails and why.
 */
public record PeerEvent(Instant at, String peer, String zone, Kind kind, long serial, String detail) {
    public enum Kind {
        AXFR_SERVED, IXFR_SERVED, TRANSFER_REFUSED, NOTIFY_ACKNOWLEDGED, NOTIFY_REFUSED, NOTIFY_UNANSWERED,
        BAD_REQUEST
    }

    public boolean failure() {
        return kind == Kind.TRANSFER_REFUSED || kind == Kind.NOTIFY_REFUSED || kind == Kind.NOTIFY_UNANSWERED
                || kind == Kind.BAD_REQUEST;
    }

    @Override
    public String toString() {
        return at + " " + peer + " " + zone + " " + kind + " serial " + serial + (detail.isEmpty() ? "" : ": " + detail);
    }
}
