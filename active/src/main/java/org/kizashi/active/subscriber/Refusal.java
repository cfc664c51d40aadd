package org.kizashi.active.subscriber;

/**
 * Why no subscriber was named. Notifying the wrong subscriber that their computer is infected is worse than
 * notifying none, so every doubt the records leave is a refusal with its own reason.
 */
public enum Refusal {
    /** The address is in no prefix of the ISP table: it is not these ISPs' to handle. */
    NO_ISP,
    /** No session, lease or mapping covers the address at that time. */
    NO_LEASE,
    /** Records of two or more different subscribers cover the address at that time; the records conflict. */
    AMBIGUOUS_OVERLAP,
    /**
     * The time is within the clock skew tolerance of a change from one subscriber to another, so the event may
     * belong to either.
     */
    AMBIGUOUS_BOUNDARY,
    /** The address is a CGNAT public address shared by port blocks, and no source port was given. */
    PORT_REQUIRED,
    /** The source port is in none of the port blocks recorded for the address at that time. */
    PORT_NOT_COVERED,
    /**
     * The time falls after the last sighting of a session that has no recorded end and before someone else's
     * session on the same address began: the end (a Stop record) is missing, and who held the address is unknown.
     */
    GAP
}
