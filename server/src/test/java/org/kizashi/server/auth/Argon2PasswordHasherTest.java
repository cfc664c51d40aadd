package org.kizashi.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Argon2PasswordHasherTest {
    private final Argon2PasswordHasher hasher = new Argon2PasswordHasher();

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = hasher.hash("正しいパスワード-123".toCharArray());
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hasher.verify("正しいパスワード-123".toCharArray(), hash)).isTrue();
        assertThat(hasher.verify("正しいパスワード-124".toCharArray(), hash)).isFalse();
        assertThat(hasher.verify("x".toCharArray(), "not a hash")).isFalse();
    }

    @Test
    void saltsMakeEachHashDifferent() {
        assertThat(hasher.hash("same".toCharArray())).isNotEqualTo(hasher.hash("same".toCharArray()));
    }

    @Test
    void weakerOldHashesStillVerifyAndAskForARehash() {
        String old = new Argon2PasswordHasher(8192, 1, 1).hash("pw".toCharArray());
        assertThat(hasher.verify("pw".toCharArray(), old)).isTrue();
        assertThat(hasher.needsRehash(old)).isTrue();
        assertThat(hasher.needsRehash(hasher.hash("pw".toCharArray()))).isFalse();
    }
}
