package org.kizashi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.kizashi.core.identity.DuplicateException;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.CommunityRole;
import org.kizashi.core.intel.IntelReader;
import org.kizashi.core.intel.Membership;
import org.kizashi.core.intel.ObjectPage;
import org.kizashi.core.intel.ObjectQuery;
import org.kizashi.core.intel.Sector;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.SharingScope;
import org.kizashi.core.intel.StixObjectRepository.AddOutcome;
import org.kizashi.core.intel.StixObjectVersion;
import org.kizashi.core.intel.StoredObject;

/** Sectors, communities and shared STIX objects behave the same on every database. */
public interface IntelStoreContract {
    Database database();

    LocalDate TODAY = LocalDate.of(2026, 11, 23);

    private Community newCommunity() {
        return database().communities().create(IdentityStoreContract.unique("CEPTOAR"), Community.Kind.CEPTOAR,
                OptionalLong.empty());
    }

    private long newOrganisation() {
        return database().organisations().create(IdentityStoreContract.unique("org")).id();
    }

    private static StixObjectVersion indicator(String id, String modified) {
        String json = "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id
                + "\",\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"" + modified + "\"}";
        return new StixObjectVersion(id, "indicator", "2.1", Optional.of(Instant.parse(modified)), json);
    }

    private static String newId(String type) {
        return type + "--" + UUID.randomUUID();
    }

    private IntelReader reader(long organisation) {
        return IntelReader.of(organisation, database().communities().memberships(organisation), TODAY);
    }

    @Test
    default void theThirteenSectorsAreThereInBothLanguagesAndMoreCanBeAdded() {
        List<Sector> sectors = database().communities().sectors();
        assertThat(sectors).extracting(Sector::code).contains("information-communication", "finance", "aviation",
                "railways", "electricity", "gas", "government", "medical", "water", "logistics", "chemicals",
                "credit-cards", "petroleum");
        assertThat(sectors).filteredOn(s -> s.code().equals("finance")).singleElement()
                .satisfies(s -> assertThat(s.nameJa()).isEqualTo("金融"));
        String code = IdentityStoreContract.unique("space").toLowerCase();
        Sector space = database().communities().addSector(code, "宇宙", "Space");
        assertThat(database().communities().sectors()).contains(space);
        assertThatThrownBy(() -> database().communities().addSector(code, "宇宙", "Space"))
                .isInstanceOf(DuplicateException.class);
    }

    @Test
    default void communitiesAreCollectionsWithMembersInRoles() {
        assertThat(database().communities().communities()).extracting(Community::kind).contains(Community.Kind.COUNCIL);
        Community community = newCommunity();
        assertThat(database().communities().byCollection(community.collectionId())).contains(community);
        assertThat(UUID.fromString(community.collectionId()).toString()).isEqualTo(community.collectionId());
        assertThatThrownBy(() -> database().communities().create(community.name(), Community.Kind.OTHER,
                OptionalLong.empty())).isInstanceOf(DuplicateException.class);

        long org = newOrganisation();
        database().communities().addMember(new Membership(community.id(), org, CommunityRole.OBSERVER,
                Optional.empty()));
        database().communities().addMember(new Membership(community.id(), org, CommunityRole.OBSERVER,
                Optional.of(TODAY))); // agreeing to the rules updates the membership
        assertThat(database().communities().memberships(org)).containsExactly(
                new Membership(community.id(), org, CommunityRole.OBSERVER, Optional.of(TODAY)));
        assertThat(database().communities().members(community.id())).hasSize(1);
        assertThat(database().communities().removeMember(community.id(), org, CommunityRole.OBSERVER)).isTrue();
        assertThat(database().communities().removeMember(community.id(), org, CommunityRole.OBSERVER)).isFalse();
        assertThat(database().communities().memberships(org)).isEmpty();
    }

    @Test
    default void readersSeeExactlyTheLevelsTheirRolesOpen() {
        Community community = newCommunity();
        long provider = newOrganisation();
        long participant = newOrganisation();
        long analyst = newOrganisation();
        long outsider = newOrganisation();
        database().communities().addMember(new Membership(community.id(), participant, CommunityRole.PARTICIPANT,
                Optional.empty()));
        database().communities().addMember(new Membership(community.id(), analyst, CommunityRole.ANALYST,
                Optional.empty()));
        for (SharingLevel level : SharingLevel.values()) {
            database().stixObjects().add(new SharingScope(community.id(), level, provider), false,
                    List.of(indicator(newId("indicator"), "2026-02-01T00:00:00.000Z")));
        }
        assertThat(levels(reader(provider), community)).containsExactly(SharingLevel.values());
        assertThat(levels(reader(analyst), community)).containsExactly(SharingLevel.values());
        assertThat(levels(reader(participant), community)).containsExactly(SharingLevel.AMBER, SharingLevel.YELLOW,
                SharingLevel.GREEN, SharingLevel.WHITE);
        assertThat(levels(reader(outsider), community)).containsExactly(SharingLevel.WHITE);
        assertThat(levels(IntelReader.publicReader(), community)).containsExactly(SharingLevel.WHITE);
    }

    private List<SharingLevel> levels(IntelReader reader, Community community) {
        return database().stixObjects().find(reader, community.id(), ObjectQuery.latest(100)).objects().stream()
                .map(o -> o.scope().level()).toList();
    }

    @Test
    default void versionsAreKeptAndSelectedAsTaxiiAsksAndRepeatsAreNotStoredTwice() {
        Community community = newCommunity();
        long provider = newOrganisation();
        String id = newId("indicator");
        SharingScope green = new SharingScope(community.id(), SharingLevel.GREEN, provider);
        List<AddOutcome> outcomes = database().stixObjects().add(green, false, List.of(
                indicator(id, "2026-03-01T00:00:00.000Z"),
                indicator(id, "2026-01-01T00:00:00.000Z"), // an older version arriving late
                indicator(id, "2026-02-01T00:00:00.123456Z"),
                indicator(id, "2026-03-01T00:00:00.000Z")));
        assertThat(outcomes).extracting(AddOutcome::status).containsExactly(AddOutcome.Status.ADDED,
                AddOutcome.Status.ADDED, AddOutcome.Status.ADDED, AddOutcome.Status.ALREADY_PRESENT);
        IntelReader everyone = IntelReader.publicReader();
        IntelReader owner = reader(provider);
        ObjectQuery query = ObjectQuery.latest(10).withIds(Set.of(id));
        assertThat(versionsOf(owner, community, query)).containsExactly("2026-03-01T00:00:00Z");
        assertThat(versionsOf(owner, community, query.withVersions(new ObjectQuery.Versions(false, true, false,
                Set.of())))).containsExactly("2026-01-01T00:00:00Z");
        assertThat(versionsOf(owner, community, query.withVersions(ObjectQuery.Versions.ALL)))
                .as("in the order added").containsExactly("2026-03-01T00:00:00Z", "2026-01-01T00:00:00Z",
                        "2026-02-01T00:00:00.123456Z");
        assertThat(versionsOf(owner, community, query.withVersions(new ObjectQuery.Versions(false, true, true,
                Set.of(Instant.parse("2026-02-01T00:00:00.123456Z")))))).hasSize(3);
        assertThat(versionsOf(everyone, community, query)).as("green is not public").isEmpty();

        List<AddOutcome> widening = database().stixObjects().add(
                new SharingScope(community.id(), SharingLevel.WHITE, provider), false,
                List.of(indicator(id, "2026-04-01T00:00:00.000Z")));
        assertThat(widening).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(AddOutcome.Status.REFUSED);
            assertThat(o.reason()).contains("approval");
        });
        assertThat(versionsOf(everyone, community, query.withVersions(ObjectQuery.Versions.ALL))).isEmpty();
    }

    @Test
    default void firstAndLastFollowVersionsThatArriveInLaterCalls() {
        Community community = newCommunity();
        long provider = newOrganisation();
        String id = newId("malware");
        SharingScope amber = new SharingScope(community.id(), SharingLevel.AMBER, provider);
        database().stixObjects().add(amber, false, List.of(indicator(id, "2026-06-02T00:00:00.000Z")));
        database().stixObjects().add(amber, false, List.of(indicator(id, "2026-06-03T00:00:00.000Z"),
                indicator(id, "2026-06-01T00:00:00.000Z"), indicator(id, "2026-06-02T00:00:00.000Z")));
        IntelReader owner = reader(provider);
        ObjectQuery query = ObjectQuery.latest(10).withIds(Set.of(id));
        assertThat(versionsOf(owner, community, query)).containsExactly("2026-06-03T00:00:00Z");
        assertThat(versionsOf(owner, community, query.withVersions(new ObjectQuery.Versions(false, true, false,
                Set.of())))).containsExactly("2026-06-01T00:00:00Z");
        assertThat(versionsOf(owner, community, query.withVersions(ObjectQuery.Versions.ALL))).hasSize(3);
    }

    @Test
    default void deletingVersionsLeavesTheOthersWithTheirFirstAndLatestMarked() {
        Community community = newCommunity();
        long provider = newOrganisation();
        String id = newId("indicator");
        SharingScope red = new SharingScope(community.id(), SharingLevel.RED, provider);
        database().stixObjects().add(red, false, List.of(indicator(id, "2026-07-01T00:00:00.000Z"),
                indicator(id, "2026-07-02T00:00:00.000Z"), indicator(id, "2026-07-03T00:00:00.000Z")));
        IntelReader owner = reader(provider);
        ObjectQuery query = ObjectQuery.latest(10).withIds(Set.of(id));
        assertThat(database().stixObjects().delete(community.id(), id, ObjectQuery.Versions.LAST, Set.of()))
                .isEqualTo(1);
        assertThat(versionsOf(owner, community, query)).containsExactly("2026-07-02T00:00:00Z");
        assertThat(database().stixObjects().delete(community.id(), id, ObjectQuery.Versions.ALL, Set.of("2.0")))
                .as("no version of spec 2.0").isZero();
        assertThat(database().stixObjects().delete(community.id(), id, ObjectQuery.Versions.ALL, Set.of()))
                .isEqualTo(2);
        assertThat(versionsOf(owner, community, query.withVersions(ObjectQuery.Versions.ALL))).isEmpty();
    }

    private List<String> versionsOf(IntelReader reader, Community community, ObjectQuery query) {
        return database().stixObjects().find(reader, community.id(), query).objects().stream()
                .map(o -> o.version().toString()).toList();
    }

    @Test
    default void pagesFollowTheDateAddedWithoutGapsOrRepeats() {
        Community community = newCommunity();
        long provider = newOrganisation();
        List<StixObjectVersion> versions = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            versions.add(indicator(newId(i % 5 == 0 ? "malware" : "indicator"), "2026-05-01T00:00:00.000Z"));
        }
        versions.replaceAll(v -> v.id().startsWith("malware--")
                ? new StixObjectVersion(v.id(), "malware", "2.1", v.version(), v.json()) : v);
        database().stixObjects().add(new SharingScope(community.id(), SharingLevel.WHITE, provider), false, versions);

        List<String> seen = new ArrayList<>();
        Instant previous = Instant.MIN;
        ObjectQuery query = ObjectQuery.latest(10);
        int pages = 0;
        while (true) {
            ObjectPage page = database().stixObjects().find(IntelReader.publicReader(), community.id(), query);
            pages++;
            for (StoredObject o : page.objects()) {
                assertThat(o.dateAdded()).isAfter(previous);
                previous = o.dateAdded();
                seen.add(o.object().id());
            }
            if (!page.more()) {
                break;
            }
            query = query.withAddedAfter(previous);
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(versions.stream().map(StixObjectVersion::id).toList());
        assertThat(database().stixObjects().find(IntelReader.publicReader(), community.id(),
                ObjectQuery.latest(100).withTypes(Set.of("malware"))).objects()).hasSize(5);
        assertThat(database().stixObjects().find(IntelReader.publicReader(), community.id(),
                ObjectQuery.latest(7).withTypes(Set.of("malware", "indicator"))).objects())
                .as("several types: merged in the order added").extracting(o -> o.object().id())
                .containsExactlyElementsOf(versions.subList(0, 7).stream().map(StixObjectVersion::id).toList());
        assertThat(database().stixObjects().find(IntelReader.publicReader(), community.id(),
                ObjectQuery.latest(100).withSpecVersions(Set.of("2.0"))).objects()).isEmpty();
    }

    @Test
    default void anUnknownCommunityIsRefused() {
        long provider = newOrganisation();
        assertThatThrownBy(() -> database().stixObjects().add(new SharingScope(-7, SharingLevel.RED, provider), false,
                List.of(indicator(newId("indicator"), "2026-05-01T00:00:00.000Z"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no community -7");
    }
}
