package org.kizashi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.DosAttack;
import org.kizashi.core.telescope.InfectedHost;
import org.kizashi.core.telescope.PacketTag;
import org.kizashi.core.telescope.PortSurge;
import org.kizashi.core.telescope.ProtocolPort;
import org.kizashi.core.telescope.TelescopeAggregateRepository;
import org.kizashi.core.telescope.TelescopeAlert;
import org.kizashi.core.telescope.TelescopeAlertRepository.StoredAlert;

/** Telescope alerts and aggregates behave the same on every database. */
public interface TelescopeStoreContract {
    Database database();

    @Test
    default void everyKindOfAlertComesBackEqualNewestFirst() {
        // Far in the future, so that alerts of other tests on the same database are older.
        Instant base = Instant.parse("2190-04-01T00:00:00Z").plusSeconds(IdentityStoreContract.unique("t").hashCode() & 0xffff);
        DosAttack dos = new DosAttack(IpAddress.parse("203.0.113.7"), 6, List.of(80, 443), base,
                base.plusSeconds(600), 12_345, 678_901, 321.5, "JP", 2497);
        PortSurge surge = new PortSurge(ProtocolPort.parse("2323/tcp"), base.plusSeconds(3600),
                base.plusSeconds(7200), "sources", 4200, 12.5, 336.0, List.of("BR", "CN", "VN"),
                List.of(IpAddress.parse("198.51.100.9"), IpAddress.parse("2001:db8::42")));
        InfectedHost unowned = new InfectedHost(0, "", IpAddress.parse("192.0.2.99"), base.plusSeconds(10),
                base.plusSeconds(20), 3, List.of(), Set.of());
        DosAttack odd = new DosAttack(IpAddress.parse("2001:db8:1::1"), 1, List.of(), base.plusSeconds(1),
                base.plusSeconds(2), 1, 60, 0.1, "", 0);

        long dosId = database().telescopeAlerts().save(dos);
        long surgeId = database().telescopeAlerts().save(surge);
        long unownedId = database().telescopeAlerts().save(unowned);
        long oddId = database().telescopeAlerts().save(odd);

        List<StoredAlert> recent = database().telescopeAlerts().recent(4);
        assertThat(recent).extracting(StoredAlert::id).containsExactly(surgeId, unownedId, oddId, dosId);
        assertThat(recent).extracting(StoredAlert::alert).containsExactly(surge, unowned, odd, dos);
        assertThat(database().telescopeAlerts().recent(2)).hasSize(2);
    }

    @Test
    default void daedalusAlertsAreFoundPerOrganisation() {
        Organisation mine = database().organisations().create(IdentityStoreContract.unique("観測先"));
        Organisation other = database().organisations().create(IdentityStoreContract.unique("other"));
        Instant t = Instant.parse("2026-11-20T03:00:00Z");
        InfectedHost first = new InfectedHost(mine.id(), "198.51.100.0/24", IpAddress.parse("198.51.100.23"), t,
                t.plusSeconds(900), 420, List.of(ProtocolPort.parse("23/tcp"), ProtocolPort.parse("2323/tcp")),
                EnumSet.of(PacketTag.MIRAI));
        InfectedHost second = new InfectedHost(mine.id(), "198.51.100.0/24", IpAddress.parse("198.51.100.24"),
                t.plusSeconds(60), t.plusSeconds(120), 7, List.of(ProtocolPort.parse("445/tcp")),
                EnumSet.of(PacketTag.MASSCAN, PacketTag.ZMAP));
        InfectedHost theirs = new InfectedHost(other.id(), "2001:db8:100::/48", IpAddress.parse("2001:db8:100::5"),
                t, t.plusSeconds(5), 1, List.of(ProtocolPort.parse("8/icmpv6")), Set.of());
        long firstId = database().telescopeAlerts().save(first);
        long secondId = database().telescopeAlerts().save(second);
        database().telescopeAlerts().save(theirs);
        // A DoS alert never belongs to an organisation's DAEDALUS list.
        database().telescopeAlerts().save(new DosAttack(IpAddress.parse("198.51.100.23"), 17, List.of(53), t, t, 1, 1,
                1, "", 0));

        List<StoredAlert> found = database().telescopeAlerts().forOrganisation(mine.id(), 10);
        assertThat(found).extracting(StoredAlert::id).containsExactly(secondId, firstId);
        assertThat(found.get(1).alert()).isEqualTo(first);
        TelescopeAlert back = found.get(0).alert();
        assertThat(back).isInstanceOfSatisfying(InfectedHost.class, h -> {
            assertThat(h.tags()).containsExactlyInAnyOrder(PacketTag.MASSCAN, PacketTag.ZMAP);
            assertThat(h.ports()).containsExactly(ProtocolPort.parse("445/tcp"));
        });
        assertThat(database().telescopeAlerts().forOrganisation(other.id(), 10)).extracting(StoredAlert::alert)
                .containsExactly(theirs);
        assertThat(database().telescopeAlerts().forOrganisation(mine.id(), 1)).hasSize(1);
    }

    @Test
    default void alertTextSurvivesAwkwardValues() {
        Organisation org = database().organisations().create(IdentityStoreContract.unique("escape"));
        Instant t = Instant.parse("2026-01-02T03:04:05.123456Z");
        InfectedHost h = new InfectedHost(org.id(), "line\nbreak\\back=slash\r", IpAddress.parse("192.0.2.1"), t, t,
                1, List.of(), Set.of());
        long id = database().telescopeAlerts().save(h);
        assertThat(database().telescopeAlerts().forOrganisation(org.id(), 5))
                .containsExactly(new StoredAlert(id, h));
    }

    @Test
    default void aggregatesArePutReplacedAndLoadedByDay() {
        TelescopeAggregateRepository repo = database().telescopeAggregates();
        String a = IdentityStoreContract.unique("sensor-a");
        String b = IdentityStoreContract.unique("センサー");
        LocalDate day = LocalDate.of(2191, 5, 1).plusDays(Math.floorMod(a.hashCode(), 300));
        byte[] big = new byte[3_000_000]; // bigger than a row page and than the default HTTP body limit
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        repo.put(a, day, new byte[] {1, 2, 3});
        repo.put(b, day, big);
        repo.put(a, day.plusDays(1), new byte[] {9});
        repo.put(a, day, new byte[] {4, 5, (byte) 0xff}); // replaces

        assertThat(repo.get(a, day)).hasValue(new byte[] {4, 5, (byte) 0xff});
        assertThat(repo.get(b, day)).hasValueSatisfying(v -> assertThat(v).isEqualTo(big));
        assertThat(repo.get(b, day.plusDays(1))).isEmpty();

        Map<LocalDate, Map<String, byte[]>> loaded = repo.load(day, day.plusDays(1));
        assertThat(loaded).containsOnlyKeys(day, day.plusDays(1));
        assertThat(loaded.keySet()).containsExactly(day, day.plusDays(1));
        assertThat(loaded.get(day)).containsOnlyKeys(a, b);
        assertThat(loaded.get(day).get(a)).containsExactly(4, 5, 0xff);
        assertThat(loaded.get(day.plusDays(1)).get(a)).containsExactly(9);
        assertThat(repo.load(day.minusDays(3), day.minusDays(1))).isEmpty();

        List<TelescopeAggregateRepository.StoredAggregate> listed = repo.list(day, day);
        assertThat(listed).extracting(TelescopeAggregateRepository.StoredAggregate::sensor)
                .containsExactlyInAnyOrder(a, b);
        assertThat(listed).filteredOn(s -> s.sensor().equals(b)).singleElement()
                .satisfies(s -> {
                    assertThat(s.size()).isEqualTo(big.length);
                    assertThat(s.day()).isEqualTo(day);
                    assertThat(s.updated()).isNotNull();
                });
    }
}
