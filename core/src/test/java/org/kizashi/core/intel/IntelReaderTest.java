package org.kizashi.core.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Who reads what, level by level, as C4TAP defines the five ranges. */
class IntelReaderTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private static final long COMMUNITY = 10;
    private static final long OTHER_COMMUNITY = 11;
    private static final long READER = 1;
    private static final long PROVIDER = 2;

    private static IntelReader member(CommunityRole role, Optional<LocalDate> agreed) {
        return IntelReader.of(READER, List.of(new Membership(COMMUNITY, READER, role, agreed)), TODAY);
    }

    private static Set<SharingLevel> readable(IntelReader reader, long community, long provider) {
        Set<SharingLevel> levels = EnumSet.noneOf(SharingLevel.class);
        for (SharingLevel level : SharingLevel.values()) {
            if (reader.canRead(new SharingScope(community, level, provider))) {
                levels.add(level);
            }
        }
        return levels;
    }

    @Test
    void eachRoleReadsTheRangesThatNameIt() {
        // Written out from the ranges' definitions, not computed: Red = provider, secretariat and analysts;
        // Amber = + participants; Yellow = + observers who agreed to the rules; Green = + related organisations.
        Optional<LocalDate> agreed = Optional.of(TODAY.minusDays(30));
        assertThat(readable(member(CommunityRole.SECRETARIAT, Optional.empty()), COMMUNITY, PROVIDER))
                .containsExactly(SharingLevel.RED, SharingLevel.AMBER, SharingLevel.YELLOW, SharingLevel.GREEN,
                        SharingLevel.WHITE);
        assertThat(readable(member(CommunityRole.ANALYST, Optional.empty()), COMMUNITY, PROVIDER))
                .containsExactly(SharingLevel.RED, SharingLevel.AMBER, SharingLevel.YELLOW, SharingLevel.GREEN,
                        SharingLevel.WHITE);
        assertThat(readable(member(CommunityRole.PARTICIPANT, Optional.empty()), COMMUNITY, PROVIDER))
                .containsExactly(SharingLevel.AMBER, SharingLevel.YELLOW, SharingLevel.GREEN, SharingLevel.WHITE);
        assertThat(readable(member(CommunityRole.PROVIDER, Optional.empty()), COMMUNITY, PROVIDER))
                .as("another provider's item").containsExactly(SharingLevel.AMBER, SharingLevel.YELLOW,
                        SharingLevel.GREEN, SharingLevel.WHITE);
        assertThat(readable(member(CommunityRole.OBSERVER, agreed), COMMUNITY, PROVIDER))
                .containsExactly(SharingLevel.YELLOW, SharingLevel.GREEN, SharingLevel.WHITE);
        assertThat(readable(member(CommunityRole.RELATED, Optional.empty()), COMMUNITY, PROVIDER))
                .containsExactly(SharingLevel.GREEN, SharingLevel.WHITE);
    }

    @Test
    void anObserverReadsYellowOnlyFromTheDayItAgreedToTheRules() {
        assertThat(readable(member(CommunityRole.OBSERVER, Optional.empty()), COMMUNITY, PROVIDER))
                .containsExactly(SharingLevel.GREEN, SharingLevel.WHITE);
        assertThat(readable(member(CommunityRole.OBSERVER, Optional.of(TODAY.plusDays(1))), COMMUNITY, PROVIDER))
                .as("agreement dated tomorrow").containsExactly(SharingLevel.GREEN, SharingLevel.WHITE);
        assertThat(readable(member(CommunityRole.OBSERVER, Optional.of(TODAY)), COMMUNITY, PROVIDER))
                .contains(SharingLevel.YELLOW);
    }

    @ParameterizedTest
    @EnumSource(CommunityRole.class)
    void membershipOfOneCommunityGivesNothingBeyondWhiteInAnother(CommunityRole role) {
        assertThat(readable(member(role, Optional.of(TODAY)), OTHER_COMMUNITY, PROVIDER))
                .containsExactly(SharingLevel.WHITE);
    }

    @Test
    void aProviderReadsItsOwnItemsAtEveryLevelEvenOutsideItsCommunities() {
        IntelReader provider = IntelReader.of(PROVIDER, List.of(), TODAY);
        assertThat(readable(provider, COMMUNITY, PROVIDER)).containsExactlyElementsOf(EnumSet.allOf(SharingLevel.class));
        assertThat(readable(provider, COMMUNITY, READER)).containsExactly(SharingLevel.WHITE);
    }

    @Test
    void thePublicReadsWhiteOnly() {
        assertThat(readable(IntelReader.publicReader(), COMMUNITY, PROVIDER)).containsExactly(SharingLevel.WHITE);
    }

    @Test
    void theAudienceOfALevelReadsThatLevelAndWiderInItsCommunityOnly() {
        IntelReader green = IntelReader.audienceOf(COMMUNITY, SharingLevel.GREEN);
        assertThat(readable(green, COMMUNITY, PROVIDER)).containsExactly(SharingLevel.GREEN, SharingLevel.WHITE);
        assertThat(readable(green, OTHER_COMMUNITY, PROVIDER)).containsExactly(SharingLevel.WHITE);
        assertThat(readable(IntelReader.audienceOf(COMMUNITY, SharingLevel.RED), COMMUNITY, PROVIDER))
                .containsExactlyElementsOf(EnumSet.allOf(SharingLevel.class));
    }

    @Test
    void severalMembershipsInOneCommunityGiveTheWidestAccess() {
        IntelReader reader = IntelReader.of(READER, List.of(
                new Membership(COMMUNITY, READER, CommunityRole.RELATED, Optional.empty()),
                new Membership(COMMUNITY, READER, CommunityRole.ANALYST, Optional.empty())), TODAY);
        assertThat(reader.narrowestReadableByCommunity()).containsEntry(COMMUNITY, SharingLevel.RED);
        assertThat(reader.canRead(new SharingScope(COMMUNITY, SharingLevel.RED, PROVIDER))).isTrue();
    }

    @Test
    void anotherOrganisationsMembershipIsRefused() {
        assertThatThrownBy(() -> IntelReader.of(READER, List.of(
                new Membership(COMMUNITY, PROVIDER, CommunityRole.ANALYST, Optional.empty())), TODAY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("organisation 2");
    }

    @Test
    void exportedCopiesNeverCarryAWiderTlpThanTheirLevel() {
        assertThat(SharingLevel.RED.tlp()).isEqualTo("TLP:RED");
        assertThat(SharingLevel.AMBER.tlp()).isEqualTo("TLP:AMBER+STRICT");
        assertThat(SharingLevel.YELLOW.tlp()).isEqualTo("TLP:AMBER");
        assertThat(SharingLevel.GREEN.tlp()).isEqualTo("TLP:GREEN");
        assertThat(SharingLevel.WHITE.tlp()).isEqualTo("TLP:CLEAR");
        assertThat(SharingLevel.parse(" Yellow ")).isEqualTo(SharingLevel.YELLOW);
        assertThatThrownBy(() -> SharingLevel.parse("tlp:red")).hasMessageContaining("expected red, amber");
    }
}
