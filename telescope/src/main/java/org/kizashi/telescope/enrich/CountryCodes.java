package org.kizashi.telescope.enrich;

/** One shared String per two-letter country code, so that enrichment results compare and cache cheaply. */
final class CountryCodes {
    private static final String[] CODES = new String[26 * 26];

    static {
        for (int i = 0; i < CODES.length; i++) {
            CODES[i] = new String(new char[] {(char) ('A' + i / 26), (char) ('A' + i % 26)});
        }
    }

    private CountryCodes() {
    }

    /** The canonical upper-case instance of a two-letter code (either case), or "" for anything else (null too). */
    static String canonical(String code) {
        if (code == null || code.length() != 2) {
            return "";
        }
        int a = letter(code.charAt(0));
        int b = letter(code.charAt(1));
        return a < 0 || b < 0 ? "" : CODES[a * 26 + b];
    }

    /** Number of distinct codes; {@link #index} answers 0 (unknown) to {@code COUNT} inclusive. */
    static final int COUNT = 26 * 26;

    /** A compact number for a code: 0 for "" (unknown, anything that is not two letters), else 1 to {@link #COUNT}. */
    static int index(String code) {
        if (code == null || code.length() != 2) {
            return 0;
        }
        int a = letter(code.charAt(0));
        int b = letter(code.charAt(1));
        return a < 0 || b < 0 ? 0 : 1 + a * 26 + b;
    }

    /** The canonical code of an {@link #index}: "" for 0. */
    static String byIndex(int index) {
        return index == 0 ? "" : CODES[index - 1];
    }

    private static int letter(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        return -1;
    }
}
