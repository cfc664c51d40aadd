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
