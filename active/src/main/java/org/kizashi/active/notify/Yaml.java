package org.kizashi.active.notify;

import java.util.Locale;

/** Just enough YAML to write the flat "Name: value" mapping of an X-ARF report.txt. */
final class Yaml {
    private Yaml() {
    }

    /**
     * {@code value} as a YAML scalar: plain when a YAML reader would read back the same string, single-quoted
     * otherwise (a value that looks like a number, boolean or null, starts with an indicator character, or holds
     * ": ", " #" or a control character). X-ARF readers that split lines at the first ": " see plain values
     * unchanged, and addresses, mail addresses, URLs and RFC 5322 dates are all plain.
     */
    static String scalar(String value) {
        return needsQuotes(value) ? "'" + value.replace("'", "''") + "'" : value;
    }

    private static boolean needsQuotes(String value) {
        if (value.isEmpty() || !value.strip().equals(value)) {
            return true;
        }
        if ("-?:,[]{}#&*!|>'\"%@`".indexOf(value.charAt(0)) >= 0) {
            return true;
        }
        if (value.contains(": ") || value.contains(" #") || value.endsWith(":")) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return looksTyped(value);
    }

    /** Numbers (sexagesimal too), booleans, nulls and timestamps of YAML 1.1 and 1.2: readers make them non-text. */
    private static boolean looksTyped(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.matches("[-+]?(\\d[\\d_]*)?(\\.\\d*)?(e[-+]?\\d+)?|0x[0-9a-f_]+|0o?[0-7_]+|[-+]?\\.inf|\\.nan")
                || lower.matches("[-+]?\\d+(:[0-5]?\\d)+(\\.\\d*)?|\\d{4}-\\d\\d?-\\d\\d?([t ].*)?")
                || lower.matches("true|false|yes|no|on|off|y|n|null|~");
    }
}
