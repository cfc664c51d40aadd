package org.kizashi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.kizashi.core.active.BlockTally;
import org.kizashi.core.active.BlockTallyRepository;
import org.kizashi.core.active.ConsentChange;
import org.kizashi.core.active.ConsentChannel;
import org.kizashi.core.active.ConsentRepository;
import org.kizashi.core.active.ConsentStatus;
import org.kizashi.core.active.DeliveryStatus;
import org.kizashi.core.active.OutboxEntry;
import org.kizashi.core.active.OpenResolverRepository;
import org.kizashi.core.active.OpenResolverSighting;
import org.kizashi.core.active.OutboxStore;
import org.kizashi.core.net.IpAddress;

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
    default void blockCountsAddUpPerDayListIspAndOrigin() {
        BlockTallyRepository tallies = database().blockTallies();
        LocalDate day = LocalDate.of(2016, 2, 1).plusDays(Math.floorMod(UUID.randomUUID().hashCode(), 3000));
        long before = tallies.total();
        tallies.add(List.of(new BlockTally(day, "hub:council", "isp-a", "unbound", 5),
                new BlockTally(day, "hub:council", "isp-b", "unbound", 2)));
        tallies.add(List.of(new BlockTally(day, "hub:council", "isp-a", "unbound", 3),
                new BlockTally(day.plusDays(1), "list:feed.txt", "isp-a", "warning-page", 1)));
        assertThat(tallies.between(day, day.plusDays(1))).containsExactly(
                new BlockTally(day, "hub:council", "isp-a", "unbound", 8),
                new BlockTally(day, "hub:council", "isp-b", "unbound", 2),
                new BlockTally(day.plusDays(1), "list:feed.txt", "isp-a", "warning-page", 1));
        assertThat(tallies.total() - before).isEqualTo(11);
        assertThat(tallies.between(day.minusDays(2), day.minusDays(1))).isEmpty();
    }

    @Test
    default void theOutboxKeepsOneEntryPerKeyWithItsStatusAndFindsTheDueOnes() {
        OutboxStore outbox = database().outbox();
        String key = "subscriber|2026-11-23|carol@example.ne.jp|" + UUID.randomUUID();
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        byte[] mail = "Subject: =?UTF-8?B?5rOo5oSP?=\r\n\r\n本文".getBytes(StandardCharsets.UTF_8);
        OutboxEntry queued = new OutboxEntry(key, List.of("carol@example.ne.jp"), mail, now,
                DeliveryStatus.queued(now));
        assertThat(outbox.saveIfAbsent(queued)).isEqualTo(queued);
        OutboxEntry again = new OutboxEntry(key, List.of("other@example.ne.jp"), new byte[] {1}, now.plusSeconds(9),
                DeliveryStatus.queued(now.plusSeconds(9)));
        assertThat(outbox.saveIfAbsent(again)).as("the same key again keeps the first").isEqualTo(queued);
        assertThat(outbox.due(now, 1000)).contains(queued);
        OutboxEntry retrying = queued.withStatus(DeliveryStatus.retrying(1, now, now.plusSeconds(60),
                "127.0.0.1:25 unreachable"));
        outbox.update(retrying);
        assertThat(outbox.find(key)).contains(retrying);
        assertThat(outbox.due(now.plusSeconds(59), 1000)).doesNotContain(retrying);
        assertThat(outbox.due(now.plusSeconds(60), 1000)).contains(retrying);
        OutboxEntry sent = retrying.withStatus(DeliveryStatus.sent(2, now.plusSeconds(61), "250 OK"));
        outbox.update(sent);
        assertThat(outbox.due(now.plusSeconds(3600), 1000)).doesNotContain(sent);
        assertThat(outbox.recent(1000)).contains(sent);
        assertThatThrownBy(() -> outbox.update(new OutboxEntry("absent-" + UUID.randomUUID(), List.of("x@y"),
                mail, now, DeliveryStatus.queued(now)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void openResolversKeepTheirFirstAndLastSightingPerAddress() {
        OpenResolverRepository resolvers = database().openResolvers();
        String isp = "isp-" + UUID.randomUUID();
        Instant t = Instant.parse("2026-11-20T00:00:00Z");
        IpAddress router = IpAddress.parse("203.0.113.53");
        IpAddress v6 = IpAddress.parse("2001:db8::53");
        resolvers.add(List.of(new OpenResolverSighting(router, isp, t, t),
                new OpenResolverSighting(v6, isp, t, t)));
        resolvers.add(List.of(new OpenResolverSighting(router, isp, t.minusSeconds(86_400), t.plusSeconds(86_400))));
        assertThat(resolvers.ofIsp(isp)).containsExactly(
                new OpenResolverSighting(router, isp, t.minusSeconds(86_400), t.plusSeconds(86_400)),
                new OpenResolverSighting(v6, isp, t, t));
        assertThat(resolvers.countsByIsp()).containsEntry(isp, 2L);
    }

    @Test
    default void aChangeNeedsAnIspAndASubscriber() {
        assertThatThrownBy(() -> database().consent().record("isp-a", " ", ConsentStatus.OPTED_OUT,
                ConsentChannel.ISP, "x", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
