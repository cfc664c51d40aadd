package org.kizashi.intel.stix.pattern;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent parser for the STIX 2.1 patterning grammar, checking the semantic rules as it goes so that
 * every error carries the offset of the text at fault. Precedence, lowest first: FOLLOWEDBY, OR, AND between
 * observations, then qualifiers; inside brackets OR, then AND. All binary operators associate to the left.
 */
final class Parser {
    /** Deep enough for any real pattern, shallow enough that hostile input cannot exhaust the stack. */
    static final int MAX_NESTING = 100;

    private final Lexer lexer;
    private Token current;
    private int nesting;

    private Parser(String text) throws StixPatternException {
        this.lexer = new Lexer(text);
        this.current = lexer.next();
    }

    static ObservationExpression parse(String text) throws StixPatternException {
        Parser parser = new Parser(text);
        ObservationExpression pattern = parser.followedBy();
        if (parser.current.kind() != Token.Kind.END) {
            throw parser.expected("AND, OR, FOLLOWEDBY, a qualifier or end of pattern");
        }
        return pattern;
    }

    // Observation level

    private ObservationExpression followedBy() throws StixPatternException {
        ObservationExpression first = observationOr();
        if (current.kind() != Token.Kind.FOLLOWEDBY) {
            return first;
        }
        List<ObservationExpression> operands = new ArrayList<>(List.of(first));
        while (accept(Token.Kind.FOLLOWEDBY)) {
            operands.add(observationOr());
        }
        return new ObservationExpression.Composite(LogicalOperator.FOLLOWEDBY, operands);
    }

    private ObservationExpression observationOr() throws StixPatternException {
        ObservationExpression first = observationAnd();
        if (current.kind() != Token.Kind.OR) {
            return first;
        }
        List<ObservationExpression> operands = new ArrayList<>(List.of(first));
        while (accept(Token.Kind.OR)) {
            operands.add(observationAnd());
        }
        return new ObservationExpression.Composite(LogicalOperator.OR, operands);
    }

    private ObservationExpression observationAnd() throws StixPatternException {
        ObservationExpression first = qualifiedObservation();
        if (current.kind() != Token.Kind.AND) {
            return first;
        }
        List<ObservationExpression> operands = new ArrayList<>(List.of(first));
        while (accept(Token.Kind.AND)) {
            operands.add(qualifiedObservation());
        }
        return new ObservationExpression.Composite(LogicalOperator.AND, operands);
    }

    /**
     * Like cti-pattern-validator, refuses two qualifiers of one kind directly on a bracketed observation
     * ({@code [..] WITHIN 5 SECONDS WITHIN 6 SECONDS}); on a parenthesised group they are allowed.
     */
    private ObservationExpression qualifiedObservation() throws StixPatternException {
        ObservationExpression expression = observation();
        Set<String> seen = expression instanceof ObservationExpression.Observation ? new HashSet<>() : null;
        while (true) {
            Token start = current;
            Qualifier qualifier = switch (start.kind()) {
                case WITHIN -> within();
                case REPEATS -> repeats();
                case START -> startStop();
                default -> null;
            };
            if (qualifier == null) {
                return expression;
            }
            if (seen != null && !seen.add(qualifier.keyword())) {
                throw new StixPatternException("duplicate " + qualifier.keyword() + " qualifier at offset "
                        + start.offset() + ": one observation takes each kind of qualifier once; put it in"
                        + " parentheses to qualify it again", start.offset());
            }
            expression = new ObservationExpression.Qualified(expression, qualifier);
        }
    }

    private ObservationExpression observation() throws StixPatternException {
        Token open = current;
        if (accept(Token.Kind.LBRACKET)) {
            enterNesting(open);
            ComparisonExpression comparisons = comparisonOr();
            expect(Token.Kind.RBRACKET, "']'");
            nesting--;
            return new ObservationExpression.Observation(comparisons);
        }
        if (accept(Token.Kind.LPAREN)) {
            enterNesting(open);
            ObservationExpression inner = followedBy();
            expect(Token.Kind.RPAREN, "')'");
            nesting--;
            return new ObservationExpression.Group(inner);
        }
        throw expected("'[' or '('");
    }

    private Qualifier within() throws StixPatternException {
        advance();
        Token amount = current;
        BigDecimal seconds = switch (amount.kind()) {
            case INTEGER -> BigDecimal.valueOf((Long) amount.value());
            case FLOAT -> (BigDecimal) amount.value();
            default -> null;
        };
        if (seconds == null || seconds.signum() <= 0) {
            throw expected("a positive number of seconds");
        }
        advance();
        expect(Token.Kind.SECONDS, "SECONDS");
        return new Qualifier.Within(seconds);
    }

    private Qualifier repeats() throws StixPatternException {
        advance();
        Token count = current;
        if (count.kind() != Token.Kind.INTEGER || (Long) count.value() <= 0) {
            throw expected("a positive integer");
        }
        advance();
        expect(Token.Kind.TIMES, "TIMES");
        return new Qualifier.Repeats((Long) count.value());
    }

    private Qualifier startStop() throws StixPatternException {
        advance();
        Token start = expect(Token.Kind.TIMESTAMP, "a timestamp t'...'");
        expect(Token.Kind.STOP, "STOP");
        Token stop = expect(Token.Kind.TIMESTAMP, "a timestamp t'...'");
        Instant startInstant = (Instant) start.value();
        Instant stopInstant = (Instant) stop.value();
        if (!startInstant.isBefore(stopInstant)) {
            throw new StixPatternException("START " + start.text() + " is not before STOP " + stop.text()
                    + " at offset " + stop.offset(), stop.offset());
        }
        return new Qualifier.StartStop(startInstant, stopInstant);
    }

    // Comparison level, inside brackets

    private ComparisonExpression comparisonOr() throws StixPatternException {
        ComparisonExpression first = comparisonAnd();
        if (current.kind() != Token.Kind.OR) {
            return first;
        }
        List<ComparisonExpression> operands = new ArrayList<>(List.of(first));
        while (accept(Token.Kind.OR)) {
            operands.add(comparisonAnd());
        }
        return new ComparisonExpression.Composite(LogicalOperator.OR, operands);
    }

    private ComparisonExpression comparisonAnd() throws StixPatternException {
        ComparisonExpression first = comparison();
        if (current.kind() != Token.Kind.AND) {
            return first;
        }
        List<ComparisonExpression> operands = new ArrayList<>(List.of(first));
        while (accept(Token.Kind.AND)) {
            operands.add(comparison());
        }
        return new ComparisonExpression.Composite(LogicalOperator.AND, operands);
    }

    private ComparisonExpression comparison() throws StixPatternException {
        Token first = current;
        switch (first.kind()) {
            case LPAREN -> {
                advance();
                enterNesting(first);
                ComparisonExpression inner = comparisonOr();
                expect(Token.Kind.RPAREN, "')'");
                nesting--;
                return new ComparisonExpression.Group(inner);
            }
            case NOT, EXISTS -> {
                boolean negated = accept(Token.Kind.NOT);
                expect(Token.Kind.EXISTS, "EXISTS");
                return new ComparisonExpression.Test(objectPath(), ComparisonOperator.EXISTS, negated, null);
            }
            case IDENTIFIER -> {
                return operatorComparison(objectPath());
            }
            default -> throw expected("an object path, EXISTS or '('");
        }
    }

    private ComparisonExpression operatorComparison(ObjectPath path) throws StixPatternException {
        boolean negated = accept(Token.Kind.NOT);
        ComparisonOperator operator = switch (current.kind()) {
            case EQ -> ComparisonOperator.EQUAL;
            case NEQ -> ComparisonOperator.NOT_EQUAL;
            case LT -> ComparisonOperator.LESS;
            case LE -> ComparisonOperator.LESS_OR_EQUAL;
            case GT -> ComparisonOperator.GREATER;
            case GE -> ComparisonOperator.GREATER_OR_EQUAL;
            case IN -> ComparisonOperator.IN;
            case LIKE -> ComparisonOperator.LIKE;
            case MATCHES -> ComparisonOperator.MATCHES;
            case ISSUBSET -> ComparisonOperator.ISSUBSET;
            case ISSUPERSET -> ComparisonOperator.ISSUPERSET;
            default -> throw expected("a comparison operator");
        };
        advance();
        Token valueToken = current;
        String hashAlgorithm = hashAlgorithm(path);
        Literal value = switch (operator) {
            case EQUAL, NOT_EQUAL -> primitiveLiteral(hashAlgorithm);
            case LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> orderableLiteral();
            case IN -> setLiteral(hashAlgorithm);
            default -> stringLiteral();
        };
        if (operator == ComparisonOperator.MATCHES) {
            checkRegex((String) value.value(), valueToken);
        }
        return new ComparisonExpression.Test(path, operator, negated, value);
    }

    private ObjectPath objectPath() throws StixPatternException {
        Token type = expect(Token.Kind.IDENTIFIER, "an object type");
        checkObjectType(type);
        expect(Token.Kind.COLON, "':'");
        List<ObjectPath.Step> steps = new ArrayList<>();
        steps.add(propertyName());
        while (true) {
            if (accept(Token.Kind.DOT)) {
                steps.add(propertyName());
            } else if (accept(Token.Kind.LBRACKET)) {
                if (accept(Token.Kind.ASTERISK)) {
                    steps.add(new ObjectPath.AnyIndex());
                } else {
                    steps.add(new ObjectPath.Index((Long) expect(Token.Kind.INTEGER, "a list index or '*'").value()));
                }
                expect(Token.Kind.RBRACKET, "']'");
            } else {
                return new ObjectPath(type.text(), steps);
            }
        }
    }

    /** Unquoted property names may not contain hyphens (only object types may); quoted ones may hold anything. */
    private ObjectPath.Property propertyName() throws StixPatternException {
        Token name = current;
        if (name.kind() == Token.Kind.STRING) {
            advance();
            return new ObjectPath.Property((String) name.value());
        }
        if (name.kind() == Token.Kind.IDENTIFIER && name.text().contains("-")) {
            throw new StixPatternException("property name " + name.text() + " at offset " + name.offset()
                    + " contains '-': quote it as '" + name.text() + "'", name.offset());
        }
        return new ObjectPath.Property(expect(Token.Kind.IDENTIFIER, "a property name").text());
    }

    // Literals

    /** @param hashAlgorithm when not null, string values must have this hash algorithm's format */
    private Literal primitiveLiteral(String hashAlgorithm) throws StixPatternException {
        if (hashAlgorithm != null && current.kind() == Token.Kind.STRING) {
            checkHashValue(hashAlgorithm, current);
        }
        return switch (current.kind()) {
            case TRUE, FALSE -> {
                boolean truth = current.kind() == Token.Kind.TRUE;
                advance();
                yield new Literal.BooleanValue(truth);
            }
            case STRING, INTEGER, FLOAT, TIMESTAMP, BINARY, HEX -> orderableLiteral();
            default -> throw expected("a string, number, boolean, timestamp, binary or hex value");
        };
    }

    private Literal orderableLiteral() throws StixPatternException {
        Token token = current;
        Literal literal = switch (token.kind()) {
            case STRING -> new Literal.StringValue((String) token.value());
            case INTEGER -> new Literal.IntegerValue((Long) token.value());
            case FLOAT -> floatLiteral(token);
            case TIMESTAMP -> new Literal.TimestampValue((Instant) token.value());
            case BINARY -> new Literal.BinaryValue((byte[]) token.value());
            case HEX -> new Literal.HexValue((byte[]) token.value());
            default -> throw expected("a string, number, timestamp, binary or hex value");
        };
        advance();
        return literal;
    }

    private static Literal floatLiteral(Token token) throws StixPatternException {
        double number = ((BigDecimal) token.value()).doubleValue();
        if (!Double.isFinite(number)) {
            throw new StixPatternException("number " + token.text() + " at offset " + token.offset()
                    + " is out of the range of a 64-bit float", token.offset());
        }
        return new Literal.FloatValue(number);
    }

    private Literal setLiteral(String hashAlgorithm) throws StixPatternException {
        expect(Token.Kind.LPAREN, "'(' opening a set of values");
        List<Literal> elements = new ArrayList<>();
        if (!accept(Token.Kind.RPAREN)) {
            do {
                elements.add(primitiveLiteral(hashAlgorithm));
            } while (accept(Token.Kind.COMMA));
            expect(Token.Kind.RPAREN, "',' or ')'");
        }
        return new Literal.SetValue(elements);
    }

    private Literal stringLiteral() throws StixPatternException {
        return new Literal.StringValue((String) expect(Token.Kind.STRING, "a string").value());
    }

    // Semantic checks

    /**
     * STIX type names are 3 to 250 characters of a-z, 0-9 and '-'. Names starting with "x-" are custom types
     * from STIX 2.0 days and are accepted with any characters the grammar allows.
     */
    private static void checkObjectType(Token type) throws StixPatternException {
        String name = type.text();
        boolean plain = name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
        boolean lengthOk = name.length() >= 3 && name.length() <= 250;
        if (!lengthOk || !(plain || name.startsWith("x-"))) {
            throw new StixPatternException("invalid object type " + name + " at offset " + type.offset()
                    + ": type names have 3 to 250 characters of a-z, 0-9 and '-', or start with 'x-'",
                    type.offset());
        }
    }

    private static void checkRegex(String regex, Token token) throws StixPatternException {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new StixPatternException("invalid regular expression " + token.text() + " at offset "
                    + token.offset() + ": " + e.getDescription(), token.offset());
        }
    }

    /**
     * The hash algorithm named by a path such as {@code file:hashes.'SHA-256'}, or null when the path names none.
     * Only = != and IN state hash values: LIKE and MATCHES hold patterns that need not look like one.
     */
    private static String hashAlgorithm(ObjectPath path) {
        boolean underHashes = path.steps().stream()
                .anyMatch(step -> step instanceof ObjectPath.Property property && property.name().equals("hashes"));
        return underHashes && path.steps().getLast() instanceof ObjectPath.Property algorithm ? algorithm.name() : null;
    }

    private static void checkHashValue(String algorithm, Token value) throws StixPatternException {
        String hash = (String) value.value();
        if (!HashValues.isValid(algorithm, hash)) {
            throw new StixPatternException("'" + hash + "' at offset " + value.offset() + " is not a valid "
                    + algorithm + " hash", value.offset());
        }
    }

    // Token handling

    private void advance() throws StixPatternException {
        current = lexer.next();
    }

    private boolean accept(Token.Kind kind) throws StixPatternException {
        if (current.kind() != kind) {
            return false;
        }
        advance();
        return true;
    }

    private Token expect(Token.Kind kind, String description) throws StixPatternException {
        Token token = current;
        if (token.kind() != kind) {
            throw expected(description);
        }
        advance();
        return token;
    }

    private StixPatternException expected(String description) {
        return new StixPatternException("expected " + description + " at offset " + current.offset() + ", found "
                + current.describe(), current.offset());
    }

    private void enterNesting(Token open) throws StixPatternException {
        if (++nesting > MAX_NESTING) {
            throw new StixPatternException("brackets and parentheses nest deeper than " + MAX_NESTING
                    + " levels at offset " + open.offset(), open.offset());
        }
    }
}
