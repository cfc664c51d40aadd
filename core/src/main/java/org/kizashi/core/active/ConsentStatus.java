package org.kizashi.core.active;

/**
 * A subscriber's consent to ACTIVE's blocking and notices. Subscribers consent through the contract terms (opted in
 * by default, with no record); from an opt-out on, they are neither blocked nor notified.
 */
public enum ConsentStatus {
    OPTED_IN, OPTED_OUT;

    public String id() {
        return this == OPTED_IN ? "opted-in" : "opted-out";
    }

    public static ConsentStatus parse(String id) {
        for (ConsentStatus status : values()) {
            if (status.id().equals(id)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown consent status '" + id + "' (expected opted-in or opted-out)");
    }
}
