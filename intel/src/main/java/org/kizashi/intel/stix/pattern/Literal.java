package org.kizashi.intel.stix.pattern;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** A constant on the right of a comparison operator. */
sealed interface Literal {
    /** The value as {@link Comparison#value()} exposes it. */
    Object value();

    void appendCanonical(StringBuilder out);

    record StringValue(String text) implements Literal {
        public StringValue {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public Object value() {
            return text;
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            appendQuoted(text, out);
        }
    }

    record IntegerValue(long number) implements Literal {
        @Override
        public Object value() {
            return number;
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            out.append(number);
        }
    }

    record FloatValue(double number) implements Literal {
        public FloatValue {
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("not a finite number: " + number);
            }
        }

        @Override
        public Object value() {
            return number;
        }

        /** Plain digits with a point: the grammar has no exponent form, and without a point it reads an integer. */
        @Override
        public void appendCanonical(StringBuilder out) {
            String plain = BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
            out.append(plain);
            if (plain.indexOf('.') < 0) {
                out.append(".0");
            }
        }
    }

    record BooleanValue(boolean truth) implements Literal {
        @Override
        public Object value() {
            return truth;
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            out.append(truth);
        }
    }

    record TimestampValue(Instant instant) implements Literal {
        public TimestampValue {
            Objects.requireNonNull(instant, "instant");
        }

        @Override
        public Object value() {
            return instant;
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            appendTimestamp(instant, out);
        }
    }

    /** b'base64'. The bytes are never handed out: {@link Comparison} copies them. */
    record BinaryValue(byte[] bytes) implements Literal {
        public BinaryValue {
            bytes = bytes.clone();
        }

        @Override
        public Object value() {
            return bytes;
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            out.append("b'").append(Base64.getEncoder().encodeToString(bytes)).append('\'');
        }
    }

    /** h'hex', printed in lower case. */
    record HexValue(byte[] bytes) implements Literal {
        public HexValue {
            bytes = bytes.clone();
        }

        @Override
        public Object value() {
            return bytes;
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            out.append("h'").append(HexFormat.of().formatHex(bytes)).append('\'');
        }
    }

    /** The right side of IN: {@code ('a', 'b')}, possibly empty. */
    record SetValue(List<Literal> elements) implements Literal {
        public SetValue {
            elements = List.copyOf(elements);
        }

        @Override
        public Object value() {
            return elements.stream().map(Literal::value).toList();
        }

        @Override
        public void appendCanonical(StringBuilder out) {
            out.append('(');
            for (int i = 0; i < elements.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                elements.get(i).appendCanonical(out);
            }
            out.append(')');
        }
    }

    /** Quotes a string, escaping the only two characters that need it. */
    static void appendQuoted(String text, StringBuilder out) {
        out.append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('\'');
    }

    static void appendTimestamp(Instant instant, StringBuilder out) {
        out.append("t'").append(DateTimeFormatter.ISO_INSTANT.format(instant)).append('\'');
    }
}
