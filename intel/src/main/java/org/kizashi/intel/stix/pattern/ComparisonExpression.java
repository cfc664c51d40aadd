package org.kizashi.intel.stix.pattern;

import java.util.List;
import java.util.Objects;

/** A node inside the brackets of an observation: comparisons, groups, and AND / OR between them. */
sealed interface ComparisonExpression {
    void appendCanonical(StringBuilder out);

    void collectComparisons(List<Comparison> out);

    /**
     * {@code path [NOT] operator value}, or {@code [NOT] EXISTS path}.
     *
     * @param value null for EXISTS
     */
    record Test(ObjectPath path, ComparisonOperator operator, boolean negated, Literal value)
            implements ComparisonExpression {
        public Test {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(operator, "operator");
            if ((value == null) != (operator == ComparisonOperator.EXISTS)) {
                throw new IllegalArgumentException("EXISTS, and only EXISTS, has no value");
            }
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            if (operator == ComparisonOperator.EXISTS) {
                out.append(negated ? "NOT EXISTS " : "EXISTS ");
                path.appendCanonical(out);
                return;
            }
            path.appendCanonical(out);
            out.append(negated ? " NOT " : " ").append(operator.symbol).append(' ');
            value.appendCanonical(out);
        }

        @Override
        public void collectComparisons(List<Comparison> out) {
            out.add(new Comparison(path.objectType(), path.stepNames(), operator.symbol, negated,
                    value == null ? null : value.value()));
        }
    }

    record Group(ComparisonExpression inner) implements ComparisonExpression {
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

    /** Two or more operands joined by AND or by OR. */
    record Composite(LogicalOperator operator, List<ComparisonExpression> operands) implements ComparisonExpression {
        public Composite {
            if (operator == LogicalOperator.FOLLOWEDBY) {
                throw new IllegalArgumentException("FOLLOWEDBY joins observations, not comparisons");
            }
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
}
