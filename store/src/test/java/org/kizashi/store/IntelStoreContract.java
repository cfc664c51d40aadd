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
import org.kizashi.core.intel.BrowseQuery;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.Correlation;
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
import org.kizashi.core.intel.WideningRequest;

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

        long organisation = newOrganisation();
        long finance = sectors.stream().filter(s -> s.code().equals("finance")).findFirst().orElseThrow().id();
        database().communities().setSectors(organisation, Set.of(finance, space.id()));
        assertThat(database().communities().sectorsOf(organisation)).containsExactlyInAnyOrder(finance, space.id());
        database().communities().setSectors(organisation, Set.of(space.id()));
        assertThat(database().communities().sectorsOf(organisation)).containsExactly(space.id());
        assertThatThrownBy(() -> database().communities().setSectors(organisation, Set.of(-1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no sector -1");
        assertThat(database().communities().sectorsOf(organisation)).containsExactly(space.id());
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

    private static StixObjectVersion observable(String type, String value) {
        String id = newId(type);
        String json = "{\"type\":\"" + type + "\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"value\":\""
                + value + "\"}";
        return new StixObjectVersion(id, type, "2.1", Optional.empty(), json, value, List.of(type + "|" + value));
    }

    private static StixObjectVersion named(String type, String name, String modified, String... values) {
        String id = newId(type);
        String json = "{\"type\":\"" + type + "\",\"spec_version\":\"2.1\",\"id\":\"" + id
                + "\",\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"" + modified + "\",\"name\":\"" + name
                + "\"}";
        return new StixObjectVersion(id, type, "2.1", Optional.of(Instant.parse(modified)), json, name, List.of(values));
    }

    private List<String> browseTitles(IntelReader reader, BrowseQuery query) {
        return database().stixObjects().browse(reader, query).objects().stream().map(o -> o.object().title()).toList();
    }

    @Test
    default void browsingListsTheLatestReadableVersionsNewestFirstAcrossCommunities() {
        Community first = newCommunity();
        Community second = newCommunity();
        long provider = newOrganisation();
        long participant = newOrganisation();
        database().communities().addMember(new Membership(first.id(), participant, CommunityRole.PARTICIPANT,
                Optional.empty()));
        String tag = UUID.randomUUID().toString().substring(0, 8);
        StixObjectVersion campaign = named("campaign", "Operation " + tag + " Blue", "2026-03-01T00:00:00.000Z");
        database().stixObjects().add(new SharingScope(first.id(), SharingLevel.AMBER, provider), false,
                List.of(campaign));
        database().stixObjects().add(new SharingScope(second.id(), SharingLevel.AMBER, provider), false,
                List.of(named("campaign", "Operation " + tag + " Hidden", "2026-03-01T00:00:00.000Z")));
        database().stixObjects().add(new SharingScope(first.id(), SharingLevel.RED, provider), false,
                List.of(named("malware", "Red " + tag, "2026-03-01T00:00:00.000Z")));
        database().stixObjects().add(new SharingScope(second.id(), SharingLevel.WHITE, provider), false,
                List.of(named("malware", "Public " + tag, "2026-03-01T00:00:00.000Z")));
        String newer = campaign.json().replace("2026-03-01T00:00:00.000Z", "2026-03-02T00:00:00.000Z");
        database().stixObjects().add(new SharingScope(first.id(), SharingLevel.AMBER, provider), false,
                List.of(new StixObjectVersion(campaign.id(), "campaign", "2.1",
                        Optional.of(Instant.parse("2026-03-02T00:00:00.000Z")), newer, "Operation " + tag + " Blue v2",
                        List.of())));
        BrowseQuery mine = new BrowseQuery(Set.of(first.id(), second.id()), Set.of(), Set.of(), tag, Set.of(),
                Optional.empty(), 10);

        assertThat(browseTitles(reader(participant), mine))
                .containsExactly("Operation " + tag + " Blue v2", "Public " + tag);
        assertThat(browseTitles(reader(provider), mine)).containsExactly("Operation " + tag + " Blue v2",
                "Public " + tag, "Red " + tag, "Operation " + tag + " Hidden");
        assertThat(browseTitles(IntelReader.publicReader(), mine)).containsExactly("Public " + tag);
        assertThat(browseTitles(reader(provider), new BrowseQuery(mine.communityIds(), Set.of("malware"),
                Set.of(SharingLevel.RED), tag.toUpperCase(), Set.of(), Optional.empty(), 10)))
                .containsExactly("Red " + tag);
        assertThat(browseTitles(reader(provider), new BrowseQuery(mine.communityIds(), Set.of(), Set.of(),
                campaign.id(), Set.of(), Optional.empty(), 10))).containsExactly("Operation " + tag + " Blue v2");

        List<String> paged = new ArrayList<>();
        BrowseQuery page = new BrowseQuery(mine.communityIds(), Set.of(), Set.of(), tag, Set.of(), Optional.empty(), 1);
        for (int i = 0; i < 10; i++) {
            ObjectPage found = database().stixObjects().browse(reader(provider), page);
            found.objects().forEach(o -> paged.add(o.object().title()));
            if (!found.more()) {
                break;
            }
            page = new BrowseQuery(page.communityIds(), Set.of(), Set.of(), tag, Set.of(),
                    Optional.of(BrowseQuery.Position.of(found.objects().getLast())), 1);
        }
        assertThat(paged).containsExactlyElementsOf(browseTitles(reader(provider), mine));
    }

    @Test
    default void theSameValueFromSeveralOrganisationsIsLinkedOnlyWhereTheReaderMayRead() {
        Community council = newCommunity();
        Community sector = newCommunity();
        long bank = newOrganisation();
        long railway = newOrganisation();
        long reader = newOrganisation();
        database().communities().addMember(new Membership(council.id(), reader, CommunityRole.PARTICIPANT,
                Optional.empty()));
        database().communities().addMember(new Membership(council.id(), bank, CommunityRole.PROVIDER,
                Optional.empty()));
        String address = "198.51.100." + (1 + new java.util.Random().nextInt(250)) + "-" + UUID.randomUUID();
        StixObjectVersion fromBank = observable("ipv4-addr", address);
        StixObjectVersion fromRailway = named("indicator", "C2 " + address, "2026-04-01T00:00:00.000Z",
                "ipv4-addr|" + address, "domain-name|c2.example");
        StixObjectVersion hidden = observable("ipv4-addr", address);
        database().stixObjects().add(new SharingScope(council.id(), SharingLevel.AMBER, bank), false, List.of(fromBank));
        database().stixObjects().add(new SharingScope(council.id(), SharingLevel.GREEN, railway), false,
                List.of(fromRailway));
        database().stixObjects().add(new SharingScope(sector.id(), SharingLevel.AMBER, railway), false, List.of(hidden));

        assertThat(database().stixObjects().correlations(reader(reader), council.id(), fromBank.id(),
                fromBank.values(), 10))
                .extracting(c -> c.other().object().id(), Correlation::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(fromRailway.id(), "ipv4-addr|" + address));
        assertThat(database().stixObjects().correlations(reader(railway), council.id(), fromRailway.id(),
                fromRailway.values(), 10))
                .extracting(c -> c.other().object().id())
                .containsExactlyInAnyOrder(hidden.id()); // its own report elsewhere; the bank's Amber item is not its
        assertThat(database().stixObjects().correlations(reader(bank), council.id(), fromBank.id(),
                fromBank.values(), 10))
                .extracting(c -> c.other().object().id()).containsExactly(fromRailway.id());

        BrowseQuery byValue = new BrowseQuery(Set.of(council.id(), sector.id()), Set.of(), Set.of(), "",
                Set.of("ipv4-addr|" + address), Optional.empty(), 10);
        assertThat(database().stixObjects().browse(reader(reader), byValue).objects())
                .extracting(o -> o.object().id()).containsExactly(fromRailway.id(), fromBank.id());
    }

    @Test
    default void wideningNeedsTheProvidersApprovalAndReachesTheNewAudienceAsNewlyAdded() {
        Community community = newCommunity();
        long provider = newOrganisation();
        long secretariat = newOrganisation();
        long participant = newOrganisation();
        database().communities().addMember(new Membership(community.id(), secretariat, CommunityRole.SECRETARIAT,
                Optional.empty()));
        database().communities().addMember(new Membership(community.id(), participant, CommunityRole.PARTICIPANT,
                Optional.empty()));
        StixObjectVersion report = named("report", "Targeted e-mail", "2026-05-01T00:00:00.000Z");
        database().stixObjects().add(new SharingScope(community.id(), SharingLevel.RED, provider), false,
                List.of(report));
        StixObjectVersion later = named("note", "Later item", "2026-05-02T00:00:00.000Z");
        database().stixObjects().add(new SharingScope(community.id(), SharingLevel.AMBER, provider), false,
                List.of(later));
        Instant lastBefore = database().stixObjects().find(reader(provider), community.id(), ObjectQuery.latest(10))
                .objects().getLast().dateAdded();
        assertThat(database().stixObjects().find(reader(participant), community.id(),
                ObjectQuery.latest(10).withIds(Set.of(report.id()))).objects()).isEmpty();

        WideningRequest asked = database().widenings().request(community.id(), report.id(), SharingLevel.AMBER, true,
                secretariat, "ipa-analyst", "other members were targeted too");
        assertThat(asked.status()).isEqualTo(WideningRequest.Status.PENDING);
        assertThat(asked.providerOrganisationId()).isEqualTo(provider);
        assertThat(asked.from()).isEqualTo(SharingLevel.RED);
        assertThat(database().widenings().pendingFor(provider)).extracting(WideningRequest::id).contains(asked.id());
        assertThatThrownBy(() -> database().widenings().request(community.id(), report.id(), SharingLevel.GREEN,
                false, secretariat, "ipa-analyst", "again")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("awaits");
        assertThatThrownBy(() -> database().widenings().request(community.id(), later.id(), SharingLevel.RED,
                false, secretariat, "ipa-analyst", "")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not wider");

        WideningRequest approved = database().widenings().decide(asked.id(), true, "provider-ciso", "ok")
                .orElseThrow();
        assertThat(approved.status()).isEqualTo(WideningRequest.Status.APPROVED);
        assertThat(approved.decidedBy()).contains("provider-ciso");
        assertThat(database().widenings().decide(asked.id(), false, "provider-ciso", "")).isEmpty();
        assertThat(database().widenings().pendingFor(provider)).extracting(WideningRequest::id)
                .doesNotContain(asked.id());

        StoredObject widened = database().stixObjects().find(reader(participant), community.id(),
                ObjectQuery.latest(10).withAddedAfter(lastBefore)).objects().getFirst();
        assertThat(widened.object().id()).isEqualTo(report.id());
        assertThat(widened.scope().level()).isEqualTo(SharingLevel.AMBER);
        assertThat(widened.anonymised()).isTrue();
        assertThat(widened.dateAdded()).isAfter(lastBefore);
    }

    @Test
    default void aRejectedOrOvertakenRequestChangesNothing() {
        Community community = newCommunity();
        long provider = newOrganisation();
        long analyst = newOrganisation();
        StixObjectVersion note = named("note", "Phishing wave", "2026-06-01T00:00:00.000Z");
        database().stixObjects().add(new SharingScope(community.id(), SharingLevel.RED, provider), false, List.of(note));
        WideningRequest rejected = database().widenings().request(community.id(), note.id(), SharingLevel.WHITE,
                false, analyst, "analyst", "public interest");
        assertThat(database().widenings().decide(rejected.id(), false, "provider", "names customers").orElseThrow()
                .status()).isEqualTo(WideningRequest.Status.REJECTED);
        assertThat(levels(reader(analyst), community)).isEmpty();

        WideningRequest overtaken = database().widenings().request(community.id(), note.id(), SharingLevel.YELLOW,
                false, analyst, "analyst", "");
        assertThat(database().stixObjects().changeLevel(community.id(), note.id(), SharingLevel.GREEN, false)).isTrue();
        assertThat(database().widenings().find(overtaken.id()).orElseThrow().status())
                .isEqualTo(WideningRequest.Status.WITHDRAWN);
        assertThat(database().widenings().ofObject(community.id(), note.id())).extracting(WideningRequest::id)
                .containsExactly(overtaken.id(), rejected.id());
        assertThat(database().stixObjects().changeLevel(community.id(), "note--" + UUID.randomUUID(),
                SharingLevel.GREEN, false)).isFalse();
    }

    @Test
    default void anUnknownCommunityOrProviderIsRefused() {
        long provider = newOrganisation();
        assertThatThrownBy(() -> database().stixObjects().add(new SharingScope(-7, SharingLevel.RED, provider), false,
                List.of(indicator(newId("indicator"), "2026-05-01T00:00:00.000Z"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no community -7");
        Community community = newCommunity();
        assertThatThrownBy(() -> database().stixObjects().add(new SharingScope(community.id(), SharingLevel.RED, -9),
                false, List.of(indicator(newId("indicator"), "2026-05-01T00:00:00.000Z"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no organisation -9");
    }
}
