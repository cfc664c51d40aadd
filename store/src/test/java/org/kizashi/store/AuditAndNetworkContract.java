package org.kizashi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kizashi.core.audit.AuditEntry;
import org.kizashi.core.identity.DuplicateException;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.core.net.OrganisationNetwork;

/** The audit log and address ranges behave the same on every database. */
public interface AuditAndNetworkContract {
    Database database();

    @Test
    default void auditEntriesComeBackNewestFirstAndPageBackwards() {
        String target = IdentityStoreContract.unique("target");
        for (int i = 0; i < 5; i++) {
            database().audit().record("admin", "test.write", target, "{\"n\":" + i + ",\"note\":\"監査\"}");
        }
        List<AuditEntry> page = database().audit().latest(3, 0);
        assertThat(page).hasSize(3).isSortedAccordingTo((a, b) -> Long.compare(b.id(), a.id()));
        assertThat(page.get(0).detail()).isEqualTo("{\"n\":4,\"note\":\"監査\"}");
        List<AuditEntry> next = database().audit().latest(2, page.get(2).id());
        assertThat(next).hasSize(2).allMatch(e -> e.id() < page.get(2).id());
        assertThat(next.get(1).detail()).isEqualTo("{\"n\":0,\"note\":\"監査\"}");
    }

    @Test
    default void rangesContainingAnAddressComeMostSpecificFirst() {
        Organisation org = database().organisations().create(IdentityStoreContract.unique("isp"));
        // 203.0.113.0/24 lies above 128.0.0.0: a signed byte comparison would order it before 10.0.0.0.
        database().networks().add(org.id(), IpPrefix.parse("203.0.113.0/24"), "customers");
        database().networks().add(org.id(), IpPrefix.parse("203.0.113.128/25"), "data centre");
        database().networks().add(org.id(), IpPrefix.parse("10.0.0.0/8"), "internal");
        database().networks().add(org.id(), IpPrefix.parse("2001:db8::/32"), "v6");

        List<OrganisationNetwork> found = database().networks().containing(IpAddress.parse("203.0.113.200"));
        assertThat(found).extracting(n -> n.prefix().toString()).containsExactly("203.0.113.128/25", "203.0.113.0/24");
        assertThat(database().networks().containing(IpAddress.parse("203.0.114.1"))).isEmpty();
        assertThat(database().networks().containing(IpAddress.parse("10.255.255.255")))
                .extracting(n -> n.description()).containsExactly("internal");
        assertThat(database().networks().containing(IpAddress.parse("2001:db8:ffff::1")))
                .extracting(n -> n.prefix().toString()).containsExactly("2001:db8::/32");
        assertThat(database().networks().containing(IpAddress.parse("::ffff:0:0"))).isEmpty();
        database().networks().add(org.id(), IpPrefix.parse("::/0"), "all of IPv6");
        assertThat(database().networks().containing(IpAddress.parse("203.0.114.1"))).isEmpty();
        assertThat(database().networks().containing(IpAddress.parse("2001:db9::1")))
                .extracting(n -> n.prefix().toString()).containsExactly("::/0");
        assertThat(database().networks().listByOrganisation(org.id())).hasSize(5);
        assertThat(database().networks().listAll()).extracting(n -> n.prefix().toString())
                .containsSubsequence("10.0.0.0/8", "203.0.113.0/24", "203.0.113.128/25")
                .contains("::/0", "2001:db8::/32");
        assertThatThrownBy(() -> database().networks().add(org.id(), IpPrefix.parse("10.0.0.0/8"), "again"))
                .isInstanceOf(DuplicateException.class);
    }
}
