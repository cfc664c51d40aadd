package org.kizashi.intel.stix.pattern;

import java.util.List;
import java.util.Objects;

/** A node of the observation level: bracketed observations, groups, observation operators and qualifiers. */
sealed interface ObservationExpression {
    void appendCanonical(StringBuilder out);

    void collectComparisons(List<Comparison> out);

    /** {@code [ comparisons ]}. */
    record Observation(ComparisonExpression comparisons) implements ObservationExpression {
        public Observation {
            Objects.requireNonNull(comparisons, "comparisons");
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            out.append('[');
            comparisons.appendCanonical(out);
            out.append(']');
        }

        @Override
        public void collectComparisons(List<Comparison> out) {
            comparisons.collectComparisons(out);
        }
    }

    /** Parentheses are kept: they decide whether repeated qualifiers of one kind are allowed. */
    record Group(ObservationExpression inner) implements ObservationExpression {
        public Group {
            Objects.requireNonNull(inner, "inner");
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            out.append('(');
            inner.appendCanonical(out);
            out.append(')');
        }

        @Override
        public void collectComparisons(List<Comparison> out) {
            inner.collectComparisons(out);
        }
    }

    /** Two or more operands joined by the same operator, left to right. */
    record Composite(LogicalOperator operator, List<ObservationExpression> operands) implements ObservationExpression {
        public Composite {
            Objects.requireNonNull(operator, "operator");
            operands = List.copyOf(operands);
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            for (int i = 0; i < operands.size(); i++) {
                if (i > 0) {
                    out.append(' ').append(operator.name()).append(' ');
                }
                operands.get(i).appendCanonical(out);
            }
        }

        @Override
        public void collectComparisons(List<Comparison> out) {
            operands.forEach(operand -> operand.collectComparisons(out));
        }
    }

    record Qualified(ObservationExpression observation, Qualifier qualifier) implements ObservationExpression {
        public Qualified {
            Objects.requireNonNull(observation, "observation");
            Objects.requireNonNull(qualifier, "qualifier");
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            observation.appendCanonical(out);
            out.append(' ');
            qualifier.appendCanonical(out);
        }

        @Override
        public void collectComparisons(List<Comparison> out) {
            observation.collectComparisons(out);
        }
    }
}
