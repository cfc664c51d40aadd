package org.kizashi.active.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void doublesTheDelayUpToTheCap() {
        RetryPolicy policy = RetryPolicy.defaults();

        assertThat(IntStream.rangeClosed(1, 9).mapToObj(policy::delayAfter).map(Duration::toMinutes))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        assertThat(policy.delayAfter(1_000_000)).isEqualTo(Duration.ofHours(1));
        assertThat(policy.allowsAnotherAfter(9)).isTrue();
        assertThat(policy.allowsAnotherAfter(10)).isFalse();
    }

    @Test
    void refusesPoliciesThatCannotWork() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMinutes(1), Duration.ofHours(1)))
                .hasMessage("maxAttempts must be at least 1, got 0");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofHours(2), Duration.ofHours(1)))
                .hasMessageStartingWith("need 0 <= firstDelay <= maxDelay");
    }
}
