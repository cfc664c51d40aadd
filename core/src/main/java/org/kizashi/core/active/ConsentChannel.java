package org.kizashi.core.active;

import java.util.Locale;

/** Who changed a subscriber's consent: the contract terms, the subscriber on the opt-out page, or the ISP's staff. */
public enum ConsentChannel {
    CONTRACT, SUBSCRIBER, ISP;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConsentChannel parse(String id) {
        for (ConsentChannel channel : values()) {
            if (channel.id().equals(id)) {
                return channel;
            }
        }
        throw new IllegalArgumentException("unknown consent channel '" + id + "' (expected contract, subscriber or isp)");
    }
}
