package org.kizashi.cli;

import java.util.Locale;

/** Numbers as a person reads them on a terminal. */
final class Numbers {
    private Numbers() {
    }

    /** 950, 12.3 k, 4.56 M, 7.89 G. */
    static String compact(long n) {
        long abs = Math.abs(n);
        if (abs < 1000) {
            return Long.toString(n);
        }
        String[] units = {"k", "M", "G", "T", "P"};
        double value = n;
        int unit = -1;
        while (Math.abs(value) >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, Math.abs(value) < 10 ? "%.2f %s" : Math.abs(value) < 100 ? "%.1f %s" : "%.0f %s",
                value, units[unit]);
    }

    /** 1,234,567 */
    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
