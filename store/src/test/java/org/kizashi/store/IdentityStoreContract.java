package org.kizashi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.kizashi.core.identity.ApiToken;
import org.kizashi.core.identity.DuplicateException;
import org.kizashi.core.identity.NewUser;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.identity.Role;
import org.kizashi.core.identity.User;
import org.kizashi.core.identity.WebSession;

/** Organisations, users, sessions and tokens behave the same on every database. */
public interface IdentityStoreContract {
    Database database();

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    default void organisationNamesAreUniqueAndKeepJapanese() {
        String name = unique("日本年金機構");
        Organisation created = database().organisations().create(name);
        assertThat(database().organisations().find(created.id())).contains(created);
        assertThat(database().organisations().findByName(name)).contains(created);
        assertThatThrownBy(() -> database().organisations().create(name)).isInstanceOf(DuplicateException.class)
                .hasMessageContaining(name);
        assertThat(database().organisations().findOrCreate(name)).isEqualTo(created);
    }

    @Test
    default void findOrCreateCreatesOnce() {
        String name = unique("ISP");
        Organisation first = database().organisations().findOrCreate(name);
        Organisation second = database().organisations().findOrCreate(name);
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(database().organisations().list()).filteredOn(o -> o.name().equals(name)).hasSize(1);
    }

    @Test
    default void usersRoundTripAndNamesAreUnique() {
        Organisation org = database().organisations().create(unique("org"));
        String username = unique("analyst");
        User user = database().users().create(new NewUser(username, "山田 太郎", org.id(), Role.ANALYST, "$hash$1"));
        assertThat(user.enabled()).isTrue();
        assertThat(database().users().findByUsername(username)).contains(user);
        assertThat(database().users().passwordHash(user.id())).contains("$hash$1");
        assertThat(database().users().listByOrganisation(org.id())).containsExactly(user);
        assertThatThrownBy(() -> database().users().create(new NewUser(username, "x", org.id(), Role.VIEWER, "h")))
                .isInstanceOf(DuplicateException.class);

        database().users().setRole(user.id(), Role.VIEWER);
        database().users().setEnabled(user.id(), false);
        database().users().setPasswordHash(user.id(), "$hash$2");
        User changed = database().users().find(user.id()).orElseThrow();
        assertThat(changed.role()).isEqualTo(Role.VIEWER);
        assertThat(changed.enabled()).isFalse();
        assertThat(database().users().passwordHash(user.id())).contains("$hash$2");
        assertThatThrownBy(() -> database().users().setRole(Long.MAX_VALUE, Role.ADMIN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void sessionsExpireAndEndWithTheirUser() {
        Organisation org = database().organisations().create(unique("org"));
        User user = database().users().create(new NewUser(unique("u"), "u", org.id(), Role.VIEWER, "h"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String live = "a".repeat(63) + "1";
        String dead = "a".repeat(63) + "2";
        database().sessions().create(new WebSession(live, user.id(), now, now.plusSeconds(3600), "c".repeat(43), "ja"));
        database().sessions().create(new WebSession(dead, user.id(), now.minusSeconds(7200), now.minusSeconds(1), "d".repeat(43), null));
        assertThat(database().sessions().find(live)).hasValueSatisfying(s -> {
            assertThat(s.expires()).isEqualTo(now.plusSeconds(3600));
            assertThat(s.language()).isEqualTo("ja");
        });
        assertThat(database().sessions().deleteExpired(now)).isGreaterThanOrEqualTo(1);
        assertThat(database().sessions().find(dead)).isEmpty();
        database().sessions().setLanguage(live, "en");
        assertThat(database().sessions().find(live).orElseThrow().language()).isEqualTo("en");
        database().sessions().deleteForUser(user.id());
        assertThat(database().sessions().find(live)).isEmpty();
    }

    @Test
    default void tokensAreFoundByTheirHashOnly() {
        Organisation org = database().organisations().create(unique("org"));
        User user = database().users().create(new NewUser(unique("sensor"), "sensor", org.id(), Role.ANALYST, "h"));
        String hash = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        Instant expiry = Instant.now().plusSeconds(86400).truncatedTo(ChronoUnit.MILLIS);
        ApiToken token = database().apiTokens().create(user.id(), "telescope sensor", hash, Optional.of(expiry));
        assertThat(database().apiTokens().findBySecretHash(hash)).contains(token);
        assertThat(database().apiTokens().findBySecretHash(hash.replace('a', 'b').replace('0', '1'))).isEmpty();
        Instant used = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        database().apiTokens().touch(token.id(), used);
        assertThat(database().apiTokens().find(token.id()).orElseThrow().lastUsed()).contains(used);
        assertThat(database().apiTokens().listForUser(user.id())).hasSize(1);
        assertThat(database().apiTokens().delete(token.id())).isTrue();
        assertThat(database().apiTokens().delete(token.id())).isFalse();
        assertThat(database().apiTokens().findBySecretHash(hash)).isEmpty();
    }

    @Test
    default void aFailedTransactionLeavesNothingBehind() {
        String name = unique("rolled-back");
        assertThatThrownBy(() -> database().inTransaction(() -> {
            database().organisations().create(name);
            database().audit().record("test", "organisation.create", name, null);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(database().organisations().findByName(name)).isEmpty();
        assertThat(database().audit().latest(50, 0)).noneMatch(e -> name.equals(e.target()));
    }
}
