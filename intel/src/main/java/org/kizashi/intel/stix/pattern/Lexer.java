package org.kizashi.intel.stix.pattern;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Splits pattern text into tokens as the parser asks for them, so that errors are reported in textual order.
 * Token boundaries follow the lexer rules of the OASIS grammar: longest match, case-sensitive keywords, and
 * comments and Unicode spaces skipped.
 */
final class Lexer {
    private static final Map<String, Token.Kind> KEYWORDS = new HashMap<>();

    static {
        for (Token.Kind kind : Token.Kind.values()) {
            if (kind.keyword != null) {
                KEYWORDS.put(kind.keyword, kind);
            }
        }
    }

    private final String text;
    private int position;

    Lexer(String text) {
        this.text = text;
    }

    static boolean isKeyword(String word) {
        return KEYWORDS.containsKey(word);
    }

    Token next() throws StixPatternException {
        skipSpaceAndComments();
        int start = position;
        if (start >= text.length()) {
            return new Token(Token.Kind.END, "", start, null);
        }
        char c = text.charAt(start);
        return switch (c) {
            case '[' -> symbol(Token.Kind.LBRACKET, 1);
            case ']' -> symbol(Token.Kind.RBRACKET, 1);
            case '(' -> symbol(Token.Kind.LPAREN, 1);
            case ')' -> symbol(Token.Kind.RPAREN, 1);
            case ':' -> symbol(Token.Kind.COLON, 1);
            case ',' -> symbol(Token.Kind.COMMA, 1);
            case '*' -> symbol(Token.Kind.ASTERISK, 1);
            case '=' -> symbol(Token.Kind.EQ, followedBy(start, '=') ? 2 : 1);
            case '!' -> followedBy(start, '=') ? symbol(Token.Kind.NEQ, 2) : symbol(Token.Kind.STRAY, 1);
            case '<' -> followedBy(start, '=') ? symbol(Token.Kind.LE, 2)
                    : followedBy(start, '>') ? symbol(Token.Kind.NEQ, 2) : symbol(Token.Kind.LT, 1);
            case '>' -> followedBy(start, '=') ? symbol(Token.Kind.GE, 2) : symbol(Token.Kind.GT, 1);
            case '\'' -> string();
            case '.' -> isDigitAt(start + 1) ? number() : symbol(Token.Kind.DOT, 1);
            case '+', '-' -> isDigitAt(start + 1) || (charAt(start + 1) == '.' && isDigitAt(start + 2))
                    ? number() : symbol(Token.Kind.STRAY, 1);
            default -> {
                if (isDigit(c)) {
                    yield number();
                }
                if (isWordStart(c)) {
                    yield charAt(start + 1) == '\'' && (c == 't' || c == 'b' || c == 'h') ? prefixedLiteral() : word();
                }
                yield symbol(Token.Kind.STRAY, Character.charCount(text.codePointAt(start)));
            }
        };
    }

    private void skipSpaceAndComments() throws StixPatternException {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (isSpace(c)) {
                position++;
            } else if (c == '/' && followedBy(position, '*')) {
                int end = text.indexOf("*/", position + 2);
                if (end < 0) {
                    throw new StixPatternException("unterminated comment starting at offset " + position, position);
                }
                position = end + 2;
            } else if (c == '/' && followedBy(position, '/')) {
                while (position < text.length() && text.charAt(position) != '\r' && text.charAt(position) != '\n') {
                    position++;
                }
            } else {
                return;
            }
        }
    }

    private Token symbol(Token.Kind kind, int length) {
        int start = position;
        position += length;
        return new Token(kind, text.substring(start, position), start, null);
    }

    private Token word() {
        int start = position;
        while (position < text.length() && isWordPart(text.charAt(position))) {
            position++;
        }
        String word = text.substring(start, position);
        return new Token(KEYWORDS.getOrDefault(word, Token.Kind.IDENTIFIER), word, start, null);
    }

    /** Strings allow only two escapes, \' and \\; every other character stands for itself. */
    private Token string() throws StixPatternException {
        int start = position;
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (true) {
            if (i >= text.length()) {
                throw new StixPatternException("unterminated string starting at offset " + start, start);
            }
            char c = text.charAt(i);
            if (c == '\'') {
                break;
            }
            if (c == '\\') {
                if (i + 1 >= text.length()) {
                    throw new StixPatternException("unterminated string starting at offset " + start, start);
                }
                char escaped = text.charAt(i + 1);
                if (escaped != '\'' && escaped != '\\') {
                    throw new StixPatternException("invalid escape '\\" + escaped + "' at offset " + i
                            + ": strings allow only \\' and \\\\", i);
                }
                value.append(escaped);
                i += 2;
            } else {
                value.append(c);
                i++;
            }
        }
        position = i + 1;
        return new Token(Token.Kind.STRING, text.substring(start, position), start, value.toString());
    }

    /** Integers may not have leading zeros; floats need digits after the point ("7." is not a float). */
    private Token number() throws StixPatternException {
        int start = position;
        if (text.charAt(position) == '+' || text.charAt(position) == '-') {
            position++;
        }
        int digitsStart = position;
        while (isDigitAt(position)) {
            position++;
        }
        if (charAt(position) == '.' && isDigitAt(position + 1)) {
            position++;
            while (isDigitAt(position)) {
                position++;
            }
            String literal = text.substring(start, position);
            return new Token(Token.Kind.FLOAT, literal, start, new BigDecimal(literal));
        }
        String literal = text.substring(start, position);
        if (position - digitsStart > 1 && text.charAt(digitsStart) == '0') {
            throw new StixPatternException("integer " + literal + " at offset " + start + " has a leading zero", start);
        }
        try {
            return new Token(Token.Kind.INTEGER, literal, start, Long.parseLong(literal));
        } catch (NumberFormatException tooLarge) {
            throw new StixPatternException("integer " + literal + " at offset " + start
                    + " is out of the 64-bit range", start);
        }
    }

    /** t'...', b'...' and h'...': their contents cannot hold quotes, so no escapes need handling. */
    private Token prefixedLiteral() throws StixPatternException {
        int start = position;
        char prefix = text.charAt(start);
        int contentStart = start + 2;
        int close = text.indexOf('\'', contentStart);
        if (close < 0) {
            throw new StixPatternException("unterminated " + prefix + "'' literal starting at offset " + start, start);
        }
        position = close + 1;
        String literal = text.substring(start, position);
        String content = text.substring(contentStart, close);
        return switch (prefix) {
            case 't' -> new Token(Token.Kind.TIMESTAMP, literal, start,
                    Timestamps.parse(content, contentStart, literal));
            case 'b' -> new Token(Token.Kind.BINARY, literal, start, decodeBase64(content, contentStart, literal));
            default -> new Token(Token.Kind.HEX, literal, start, decodeHex(content, contentStart, literal));
        };
    }

    /** The grammar wants complete, padded base64 groups and at least one of them. */
    private static byte[] decodeBase64(String content, int contentStart, String literal)
            throws StixPatternException {
        int literalStart = contentStart - 2;
        if (content.isEmpty()) {
            throw new StixPatternException("empty binary literal " + literal + " at offset " + literalStart
                    + ": base64 needs at least one group of 4 characters", literalStart);
        }
        int padding = content.endsWith("==") ? 2 : content.endsWith("=") ? 1 : 0;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            boolean isPadding = c == '=' && i >= content.length() - padding;
            if (!isPadding && !isBase64Char(c)) {
                throw new StixPatternException("invalid base64 character '" + c + "' at offset " + (contentStart + i)
                        + " in binary literal " + literal, contentStart + i);
            }
        }
        if (content.length() % 4 != 0) {
            throw new StixPatternException("binary literal " + literal + " at offset " + literalStart + " has "
                    + content.length() + " base64 characters, expected a multiple of 4", literalStart);
        }
        try {
            return Base64.getDecoder().decode(content);
        } catch (IllegalArgumentException e) {
            throw new StixPatternException("invalid base64 in binary literal " + literal + " at offset " + literalStart
                    + ": " + e.getMessage(), literalStart);
        }
    }

    private static byte[] decodeHex(String content, int contentStart, String literal) throws StixPatternException {
        int literalStart = contentStart - 2;
        for (int i = 0; i < content.length(); i++) {
            if (!isHexDigit(content.charAt(i))) {
                throw new StixPatternException("invalid hex digit '" + content.charAt(i) + "' at offset "
                        + (contentStart + i) + " in hex literal " + literal, contentStart + i);
            }
        }
        if (content.length() % 2 != 0) {
            throw new StixPatternException("hex literal " + literal + " at offset " + literalStart
                    + " has an odd number of digits, expected whole bytes", literalStart);
        }
        return HexFormat.of().parseHex(content);
    }

    private char charAt(int index) {
        return index < text.length() ? text.charAt(index) : '\0';
    }

    private boolean followedBy(int index, char expected) {
        return charAt(index + 1) == expected;
    }

    private boolean isDigitAt(int index) {
        return isDigit(charAt(index));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || isDigit(c) || c == '-';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isBase64Char(char c) {
        return isWordStart(c) && c != '_' || isDigit(c) || c == '+' || c == '/';
    }

    /** The grammar's whitespace: ASCII space and controls plus the Unicode space separators. */
    private static boolean isSpace(char c) {
        return switch (c) {
            case ' ', '\t', '\r', '\n', '\u000B', '\u000C', '\u0085', '\u00a0', '\u1680', '\u2028', '\u2029',
                 '\u202f', '\u205f', '\u3000' -> true;
            default -> c >= '\u2000' && c <= '\u200a';
        };
    }
}
