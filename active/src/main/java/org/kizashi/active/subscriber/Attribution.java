package org.kizashi.active.subscriber;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to "who had this address then": a subscriber with the records that show it, or a refusal saying why
 * the records do not allow naming one. Either way the explanation is written for the person who will act on it.
 */
public sealed interface Attribution permits Attribution.Found, Attribution.Refused {

    /** What was decided and on which records, in a sentence or two. */
    String explanation();

    /** The leases the decision rests on, with their source lines. */
    List<AddressLease> evidence();

    /**
     * The subscriber who held the address at that time (and port), and the ISP to notify. The explanation is built
     * from the evidence when asked for, since most callers only need the subscriber.
     */
    record Found(IspEntry isp, String subscriber, List<AddressLease> evidence) implements Attribution {
        public Found {
            Objects.requireNonNull(isp, "isp");
            Objects.requireNonNull(subscriber, "subscriber");
            evidence = List.copyOf(evidence);
        }

        @Override
        public String explanation() {
            StringBuilder sb = new StringBuilder("Held by subscriber ").append(subscriber).append(" of ")
                    .append(isp.isp()).append(" (AS").append(isp.asn()).append(", ").append(isp.prefix())
                    .append("): ");
            for (int i = 0; i < evidence.size(); i++) {
                sb.append(i > 0 ? "; " : "").append(evidence.get(i).describe());
            }
            return sb.append('.').toString();
        }
    }

    /**
     * No subscriber named.
     *
     * @param isp the ISP the address belongs to, empty only for {@link Refusal#NO_ISP}: the report can still go
     *            there for the ISP to look into by hand
     */
    record Refused(Refusal reason, String explanation, Optional<IspEntry> isp, List<AddressLease> evidence)
            implements Attribution {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(explanation, "explanation");
            Objects.requireNonNull(isp, "isp");
            evidence = List.copyOf(evidence);
        }
    }
}
