package org.kizashi.intel.stix.pattern;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** WITHIN, REPEATS and START/STOP, which restrict the observations an observation expression may match. */
sealed interface Qualifier {
    void appendCanonical(StringBuilder out);

    /** The keyword that opens the qualifier, to name it in error messages. */
    String keyword();

    /** {@code WITHIN n SECONDS}; n may be a fraction. */
    record Within(BigDecimal seconds) implements Qualifier {
        public Within {
            // Without trailing zeros, 300 and 300.0 print alike and compare equal.
            seconds = seconds.stripTrailingZeros();
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            out.append("WITHIN ").append(seconds.toPlainString()).append(" SECONDS");
        }

        @Override
        public String keyword() {
            return "WITHIN";
        }
    }

    record Repeats(long times) implements Qualifier {
        @Override
        public void appendCanonical(StringBuilder out) {
            out.append("REPEATS ").append(times).append(" TIMES");
        }

        @Override
        public String keyword() {
            return "REPEATS";
        }
    }

    record StartStop(Instant start, Instant stop) implements Qualifier {
        public StartStop {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(stop, "stop");
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            out.append("START ");
            Literal.appendTimestamp(start, out);
            out.append(" STOP ");
            Literal.appendTimestamp(stop, out);
        }

        @Override
        public String keyword() {
            return "START";
        }
    }
}
