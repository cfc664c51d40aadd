package org.kizashi.active.notify;

import java.time.Instant;
import java.util.Objects;
import org.kizashi.core.net.IpAddress;

/**
 * What a subscriber notice tells one subscriber; each component fills the placeholder of the same name.
 *
 * @param subscriber how the ISP addresses the subscriber (name or contract number): {@code {{subscriber}}}
 * @param address    the address the infected device used: {@code {{address}}}
 * @param time       when it was seen: {@code {{time}}}, written in the notice's zone
 * @param family     the malware family, or words saying it is unknown: {@code {{family}}}
 * @param isp        the ISP's name as the subscriber knows it: {@code {{isp}}}
 * @param optOutUrl  where the subscriber can stop these notices: {@code {{optout_url}}}
 */
public record NoticeFacts(String subscriber, IpAddress address, Instant time, String family, String isp,
                          String optOutUrl) {
    public NoticeFacts {
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(isp, "isp");
        Objects.requireNonNull(optOutUrl, "optOutUrl");
    }
}
