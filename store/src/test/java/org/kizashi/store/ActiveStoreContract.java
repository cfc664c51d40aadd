package org.kizashi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.kizashi.core.active.ConsentChange;
import org.kizashi.core.active.ConsentChannel;
import org.kizashi.core.active.ConsentRepository;
import org.kizashi.core.active.ConsentStatus;

/** The consent registry, on every database. */
interface ActiveStoreContract {
    Database database();

    @Test
    default void aSubscriberWithoutChangesIsOptedInByTheContractAndAnOptOutTakesEffect() {
        ConsentRepository consent = database().consent();
        String subscriber = "sub-" + UUID.randomUUID();
        assertThat(consent.current("isp-a", subscriber)).isEmpty();
        ConsentChange out = consent.record("isp-a", subscriber, ConsentStatus.OPTED_OUT, ConsentChannel.SUBSCRIBER,
                "opt-out page", "");
        assertThat(consent.current("isp-a", subscriber)).contains(out);
        assertThat(consent.optedOut()).contains(out);
        assertThat(consent.current("isp-b", subscriber)).as("another ISP's subscriber of the same id").isEmpty();
    }

    @Test
    default void theLatestChangeDecidesAndTheHistoryKeepsEveryOne() {
        ConsentRepository consent = database().consent();
        String subscriber = "sub-" + UUID.randomUUID();
        consent.record("isp-a", subscriber, ConsentStatus.OPTED_OUT, ConsentChannel.ISP, "support-desk", "by phone");
        ConsentChange back = consent.record("isp-a", subscriber, ConsentStatus.OPTED_IN, ConsentChannel.SUBSCRIBER,
                "opt-out page", "");
        assertThat(consent.current("isp-a", subscriber)).contains(back);
        assertThat(consent.optedOut()).noneMatch(c -> c.subscriber().equals(subscriber));
        assertThat(consent.history("isp-a", subscriber)).extracting(ConsentChange::status, ConsentChange::channel,
                ConsentChange::note).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ConsentStatus.OPTED_OUT, ConsentChannel.ISP, "by phone"),
                        org.assertj.core.groups.Tuple.tuple(ConsentStatus.OPTED_IN, ConsentChannel.SUBSCRIBER, ""));
    }

    @Test
    default void aChangeNeedsAnIspAndASubscriber() {
        assertThatThrownBy(() -> database().consent().record("isp-a", " ", ConsentStatus.OPTED_OUT,
                ConsentChannel.ISP, "x", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
