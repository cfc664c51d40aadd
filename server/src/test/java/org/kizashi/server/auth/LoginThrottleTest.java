package org.kizashi.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-23T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final LoginThrottle throttle = new LoginThrottle(clock, 3, Duration.ofMinutes(15));

    @Test
    void blocksAUserNameAfterRepeatedFailuresUntilTheWindowPasses() {
        for (int i = 0; i < 3; i++) {
            throttle.check("Admin", "192.0.2." + i);
            throttle.failed("Admin", "192.0.2." + i);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThatThrownBy(() -> throttle.check("admin", "198.51.100.1"))
                .isInstanceOf(LoginThrottle.TooManyAttempts.class)
                .hasMessageContaining("try again in 12 minute")
                .satisfies(e -> assertThat(((LoginThrottle.TooManyAttempts) e).retryAfter()).isEqualTo(Duration.ofMinutes(12)));
        assertThatCode(() -> throttle.check("someone-else", "198.51.100.1")).doesNotThrowAnyException();
        clock.advance(Duration.ofMinutes(13));
        assertThatCode(() -> throttle.check("admin", "198.51.100.1")).doesNotThrowAnyException();
    }

    @Test
    void blocksAnAddressTryingManyNames() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("user" + i, "203.0.113.9");
        }
        assertThatThrownBy(() -> throttle.check("user99", "203.0.113.9")).isInstanceOf(LoginThrottle.TooManyAttempts.class);
        assertThatCode(() -> throttle.check("user99", "203.0.113.10")).doesNotThrowAnyException();
    }

    @Test
    void aSuccessClearsTheUserNamesRecord() {
        throttle.failed("tanaka", "192.0.2.1");
        throttle.failed("tanaka", "192.0.2.2");
        throttle.succeeded("tanaka");
        throttle.failed("tanaka", "192.0.2.3");
        assertThatCode(() -> throttle.check("tanaka", "192.0.2.4")).doesNotThrowAnyException();
    }
}
