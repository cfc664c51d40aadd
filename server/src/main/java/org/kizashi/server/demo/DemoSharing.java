package org.kizashi.server.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.CommunityRole;
import org.kizashi.core.intel.Membership;
import org.kizashi.core.intel.Sector;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.SharingScope;
import org.kizashi.intel.exchange.StixObjects;
import org.kizashi.store.Database;

/**
 * Demo sharing: the electricity sector's CEPTOAR, memberships of the demo organisations in it and in the CEPTOAR
 * council, and a few items at different ranges. A power company's Red indicator of a targeted e-mail's C&C server
 * awaits the company's approval to be published anonymised at Amber (log in as {@code power}), and the ISP's Amber
 * indicator reports the same address, so the item pages show a correlation.
 */
final class DemoSharing {
    static final String CEPTOAR = "電力 CEPTOAR (Electricity)";
    private static final String C2_ADDRESS = "192.0.2.66";

    private DemoSharing() {
    }

    /** Loads the demo items once: nothing when the demo CEPTOAR exists. */
    static void load(Database database, long secretariat, long power, long isp, long city, long csirts) {
        if (database.communities().communities().stream().anyMatch(c -> c.name().equals(CEPTOAR))) {
            return;
        }
        OptionalLong electricity = database.communities().sectors().stream()
                .filter(s -> s.code().equals("electricity")).mapToLong(Sector::id).findFirst();
        Community ceptoar = database.communities().create(CEPTOAR, Community.Kind.CEPTOAR, electricity);
        Community council = database.communities().communities().stream()
                .filter(c -> c.kind() == Community.Kind.COUNCIL).findFirst().orElseThrow();
        member(database, ceptoar, secretariat, CommunityRole.SECRETARIAT, null);
        member(database, ceptoar, power, CommunityRole.PROVIDER, null);
        member(database, council, power, CommunityRole.PARTICIPANT, null);
        member(database, council, isp, CommunityRole.PROVIDER, null);
        member(database, council, city, CommunityRole.OBSERVER, LocalDate.of(2026, 4, 1));
        member(database, council, csirts, CommunityRole.RELATED, null);

        String targeted = "indicator--" + UUID.randomUUID();
        add(database, ceptoar, SharingLevel.RED, power, """
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2026-11-20T01:00:00.000Z",
                 "modified":"2026-11-20T01:00:00.000Z","name":"標的型メールの C&C サーバー (C&C server of a targeted e-mail)",
                 "description":"「電力需給に関する調査」を装った添付ファイル付きメール。開封した端末が次の宛先に通信。",
                 "indicator_types":["malicious-activity"],
                 "pattern":"[ipv4-addr:value = '%s'] OR [domain-name:value = 'update-check.example']",
                 "pattern_type":"stix","valid_from":"2026-11-20T00:00:00Z"}""".formatted(targeted, C2_ADDRESS));
        add(database, council, SharingLevel.AMBER, isp, """
                {"type":"indicator","spec_version":"2.1","id":"indicator--%s","created":"2026-11-21T09:30:00.000Z",
                 "modified":"2026-11-21T09:30:00.000Z","name":"加入者の感染端末が通信する C&C (C&C contacted by infected subscribers)",
                 "indicator_types":["malicious-activity"],"pattern":"[ipv4-addr:value = '%s']",
                 "pattern_type":"stix","valid_from":"2026-11-21T00:00:00Z"}""".formatted(UUID.randomUUID(), C2_ADDRESS));
        add(database, council, SharingLevel.GREEN, isp, """
                {"type":"malware","spec_version":"2.1","id":"malware--%s","created":"2026-11-18T00:00:00.000Z",
                 "modified":"2026-11-18T00:00:00.000Z","name":"Mirai 亜種 (Mirai variant, 23/tcp and 2323/tcp)",
                 "malware_types":["bot","worm"],"is_family":true}""".formatted(UUID.randomUUID()));
        // Shared at Green, so the response module's policy zone (active.hub-level green) blocks them.
        add(database, council, SharingLevel.GREEN, isp, """
                {"type":"indicator","spec_version":"2.1","id":"indicator--%s","created":"2026-11-22T02:00:00.000Z",
                 "modified":"2026-11-22T02:00:00.000Z","name":"IoT ボットネットの C&C (C&C of an IoT botnet)",
                 "indicator_types":["malicious-activity"],"pattern":"[domain-name:value = 'cnc.botnet-demo.example']",
                 "pattern_type":"stix","valid_from":"2026-11-22T00:00:00Z"}""".formatted(UUID.randomUUID()));
        add(database, council, SharingLevel.GREEN, isp, """
                {"type":"indicator","spec_version":"2.1","id":"indicator--%s","created":"2026-11-22T03:00:00.000Z",
                 "modified":"2026-11-22T03:00:00.000Z","name":"マルウェア配布 URL (malware distribution URL)",
                 "indicator_types":["malicious-activity"],
                 "pattern":"[url:value = 'http://shop.compromised-demo.example/wp-content/invoice.zip']",
                 "pattern_type":"stix","valid_from":"2026-11-22T00:00:00Z"}""".formatted(UUID.randomUUID()));
        add(database, council, SharingLevel.WHITE, csirts, """
                {"type":"vulnerability","spec_version":"2.1","id":"vulnerability--%s","created":"2026-11-10T00:00:00.000Z",
                 "modified":"2026-11-10T00:00:00.000Z","name":"CVE-2023-46604",
                 "description":"Apache ActiveMQ の遠隔コード実行の脆弱性。インターネットに公開された機器の確認を推奨。",
                 "external_references":[{"source_name":"cve","external_id":"CVE-2023-46604"}]}"""
                .formatted(UUID.randomUUID()));
        database.widenings().request(ceptoar.id(), targeted, SharingLevel.AMBER, true, secretariat, "admin",
                "同じ送信元から他の電力会社にも届いています。社名を伏せて参加組織に共有させてください。");
    }

    private static void member(Database database, Community community, long organisation, CommunityRole role,
                               LocalDate agreed) {
        database.communities().addMember(new Membership(community.id(), organisation, role,
                Optional.ofNullable(agreed)));
    }

    private static void add(Database database, Community community, SharingLevel level, long provider, String json) {
        try {
            database.stixObjects().add(new SharingScope(community.id(), level, provider), false,
                    List.of(StixObjects.version(new ObjectMapper().readTree(json))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
