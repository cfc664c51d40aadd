package org.kizashi.intel.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class StixPatternTest {

    @Nested
    class ValidPatterns {
        @ParameterizedTest(name = "[{index}] {0}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                [file:name = 'foo.dll']                                      | [file:name = 'foo.dll']
                "  [ file:name=='a' ]  "                                     | [file:name = 'a']
                [file:name <> 'a'] /* block */ // line                       | [file:name != 'a']
                "[file:size /* inside */ >\t1024]"                           | [file:size > 1024]
                [file:size < 1] AND [file:size <= 2]                         | [file:size < 1] AND [file:size <= 2]
                [file:size >= +3]                                            | [file:size >= 3]
                [file:name IN ('a', 'b')]                                    | [file:name IN ('a', 'b')]
                [file:size IN(443,6443 , 8443)]                              | [file:size IN (443, 6443, 8443)]
                [file:size IN ()]                                            | [file:size IN ()]
                [file:name LIKE 'name%']                                     | [file:name LIKE 'name%']
                [file:name MATCHES'^Final.+\\\\.exe$']                       | [file:name MATCHES '^Final.+\\\\.exe$']
                [ipv4-addr:value ISSUBSET '192.168.0.0/16']                  | [ipv4-addr:value ISSUBSET '192.168.0.0/16']
                [ipv4-addr:value ISSUPERSET '192.168.1.1/32']                | [ipv4-addr:value ISSUPERSET '192.168.1.1/32']
                [ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']                  | [ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']
                [file:name NOT = 'a' AND file:size NOT IN (1)]               | [file:name NOT = 'a' AND file:size NOT IN (1)]
                [EXISTS file:name AND NOT EXISTS file:size]                  | [EXISTS file:name AND NOT EXISTS file:size]
                [file:name = 'a' OR file:name = 'b' AND file:size = 1]       | [file:name = 'a' OR file:name = 'b' AND file:size = 1]
                [(file:name = 'a' OR file:name = 'b') AND file:size = 1]     | [(file:name = 'a' OR file:name = 'b') AND file:size = 1]
                [file:name = 'a'] FOLLOWEDBY [file:name = 'b']               | [file:name = 'a'] FOLLOWEDBY [file:name = 'b']
                ( ([file:name = 'a']) OR [file:name = 'b'] )                 | (([file:name = 'a']) OR [file:name = 'b'])
                [file:name = 'a'] WITHIN 300 SECONDS                         | [file:name = 'a'] WITHIN 300 SECONDS
                [file:name = 'a'] WITHIN 0.50 SECONDS                        | [file:name = 'a'] WITHIN 0.5 SECONDS
                [file:name = 'a'] REPEATS 5 TIMES WITHIN 1800 SECONDS        | [file:name = 'a'] REPEATS 5 TIMES WITHIN 1800 SECONDS
                ([file:name = 'a'] WITHIN 5 SECONDS) WITHIN 6 SECONDS        | ([file:name = 'a'] WITHIN 5 SECONDS) WITHIN 6 SECONDS
                [file:name = 'a'] START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00Z' | [file:name = 'a'] START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00Z'
                [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f'] | [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']
                [file:'name' = 'a' AND file:hashes.'MD5' = 'cead3f77f6cda6ec00f57d76c9a6879f'] | [file:name = 'a' AND file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']
                [file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0] | [file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]
                [email-message:body_multipart[0].body_raw_ref.name = 'a']    | [email-message:body_multipart[0].body_raw_ref.name = 'a']
                [x-custom:list[-1].'in' = 'x' AND x-custom:'IN' = 'y']       | [x-custom:list[-1].in = 'x' AND x-custom:'IN' = 'y']
                [x-custom:'two words'.'it\\'s' = 'it\\'s \\\\']              | [x-custom:'two words'.'it\\'s' = 'it\\'s \\\\']
                [x-Custom_Type:value = 1]                                    | [x-Custom_Type:value = 1]
                [file:size = -5 OR file:size = 0 OR file:size = -0]          | [file:size = -5 OR file:size = 0 OR file:size = 0]
                [file:x = .5 OR file:x = -1.250 OR file:x = 007.0]           | [file:x = 0.5 OR file:x = -1.25 OR file:x = 7.0]
                [file:x = 0.0000001 OR file:x = 100000000000000000000.0]     | [file:x = 0.0000001 OR file:x = 100000000000000000000.0]
                [file:x = true OR file:x != false]                           | [file:x = true OR file:x != false]
                [file:created = t'2016-01-01T00:00:00Z']                     | [file:created = t'2016-01-01T00:00:00Z']
                [file:created > t'2016-02-29T23:59:59.1Z']                   | [file:created > t'2016-02-29T23:59:59.100Z']
                [file:created = t'2016-12-31T23:59:60Z']                     | [file:created = t'2016-12-31T23:59:59Z']
                [artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']             | [artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']
                [file:magic_number_hex = h'FFd8' OR file:magic_number_hex = h''] | [file:magic_number_hex = h'ffd8' OR file:magic_number_hex = h'']
                """)
        void parsesAndPrintsCanonically(String pattern, String canonical) throws StixPatternException {
            StixPattern parsed = StixPattern.parse(pattern);

            assertThat(parsed.text()).isEqualTo(pattern);
            assertThat(parsed.canonical()).isEqualTo(canonical);
            assertThat(StixPattern.parse(parsed.canonical())).isEqualTo(parsed);
        }

        @Test
        void andBindsTighterThanOrInsideBrackets() throws StixPatternException {
            ComparisonExpression comparisons = onlyObservation("[foo:a = 1 OR foo:b = 2 AND foo:c = 3]");

            assertThat(comparisons).isEqualTo(new ComparisonExpression.Composite(LogicalOperator.OR, List.of(
                    equalsInteger("a", 1),
                    new ComparisonExpression.Composite(LogicalOperator.AND,
                            List.of(equalsInteger("b", 2), equalsInteger("c", 3))))));
        }

        @Test
        void parenthesesOverridePrecedenceInsideBrackets() throws StixPatternException {
            ComparisonExpression comparisons = onlyObservation("[(foo:a = 1 OR foo:b = 2) AND foo:c = 3]");

            assertThat(comparisons).isEqualTo(new ComparisonExpression.Composite(LogicalOperator.AND, List.of(
                    new ComparisonExpression.Group(new ComparisonExpression.Composite(LogicalOperator.OR,
                            List.of(equalsInteger("a", 1), equalsInteger("b", 2)))),
                    equalsInteger("c", 3))));
        }

        @Test
        void observationOperatorsBindAndThenOrThenFollowedBy() throws StixPatternException {
            ObservationExpression pattern = Parser.parse(
                    "[foo:a = 1] OR [foo:b = 2] AND [foo:c = 3] FOLLOWEDBY [foo:d = 4] WITHIN 5 SECONDS");

            assertThat(pattern).isEqualTo(new ObservationExpression.Composite(LogicalOperator.FOLLOWEDBY, List.of(
                    new ObservationExpression.Composite(LogicalOperator.OR, List.of(
                            observation("a", 1),
                            new ObservationExpression.Composite(LogicalOperator.AND,
                                    List.of(observation("b", 2), observation("c", 3))))),
                    new ObservationExpression.Qualified(observation("d", 4),
                            new Qualifier.Within(BigDecimal.valueOf(5))))));
        }

        @Test
        void qualifierAfterParenthesesAppliesToTheWholeGroup() throws StixPatternException {
            ObservationExpression pattern = Parser.parse("([foo:a = 1] AND [foo:b = 2]) REPEATS 2 TIMES");

            assertThat(pattern).isEqualTo(new ObservationExpression.Qualified(
                    new ObservationExpression.Group(new ObservationExpression.Composite(LogicalOperator.AND,
                            List.of(observation("a", 1), observation("b", 2)))),
                    new Qualifier.Repeats(2)));
        }

        @Test
        void keepsLongPatternsWithManyOperands() throws StixPatternException {
            String pattern = "[" + String.join(" OR ", Stream.generate(() -> "ipv4-addr:value = '10.0.0.1'")
                    .limit(500).toList()) + "]";

            assertThat(StixPattern.parse(pattern).comparisons()).hasSize(500);
        }

        @Test
        void acceptsNestingUpToTheLimit() throws StixPatternException {
            int depth = Parser.MAX_NESTING - 1;
            String pattern = "(".repeat(depth) + "[file:size = 1]" + ")".repeat(depth);

            assertThat(StixPattern.parse(pattern).canonical()).isEqualTo(pattern);
        }

        private static ComparisonExpression onlyObservation(String pattern) throws StixPatternException {
            return ((ObservationExpression.Observation) Parser.parse(pattern)).comparisons();
        }

        private static ObservationExpression observation(String property, long value) {
            return new ObservationExpression.Observation(equalsInteger(property, value));
        }

        private static ComparisonExpression equalsInteger(String property, long value) {
            return new ComparisonExpression.Test(new ObjectPath("foo", List.of(new ObjectPath.Property(property))),
                    ComparisonOperator.EQUAL, false, new Literal.IntegerValue(value));
        }
    }

    @Nested
    class InvalidPatterns {
        static Stream<Arguments> invalidPatterns() {
            return Stream.of(
                    // Structure
                    Arguments.of("", 0, "expected '[' or '(' at offset 0, found end of pattern"),
                    Arguments.of("  /* only a comment */ ", 23, "expected '[' or '(' at offset 23, found end of pattern"),
                    Arguments.of("file:size = 5", 0, "expected '[' or '(' at offset 0, found 'file'"),
                    Arguments.of("[]", 1, "expected an object path, EXISTS or '(' at offset 1, found ']'"),
                    Arguments.of("[file:name = 'foo'", 18, "expected ']' at offset 18, found end of pattern"),
                    Arguments.of("[file:name = 'foo']]", 19,
                            "expected AND, OR, FOLLOWEDBY, a qualifier or end of pattern at offset 19, found ']'"),
                    Arguments.of("([file:name = 'foo']", 20, "expected ')' at offset 20, found end of pattern"),
                    Arguments.of("[(file:name = 'foo']", 19, "expected ')' at offset 19, found ']'"),
                    Arguments.of("[file:size = 5] foo", 16,
                            "expected AND, OR, FOLLOWEDBY, a qualifier or end of pattern at offset 16, found 'foo'"),
                    Arguments.of("[file:size = 5] [file:size = 6]", 16,
                            "expected AND, OR, FOLLOWEDBY, a qualifier or end of pattern at offset 16, found '['"),
                    Arguments.of("[file:size = 5] AND", 19, "expected '[' or '(' at offset 19, found end of pattern"),
                    Arguments.of("[file:size = 5 file:size = 6]", 15, "expected ']' at offset 15, found 'file'"),
                    Arguments.of("[file:size = 5] within 2 seconds", 16,
                            "expected AND, OR, FOLLOWEDBY, a qualifier or end of pattern at offset 16, found 'within'"),
                    Arguments.of("[file:size = 1] /* open", 16, "unterminated comment starting at offset 16"),
                    // Operators
                    Arguments.of("[file:size 1280]", 11, "expected a comparison operator at offset 11, found '1280'"),
                    Arguments.of("[file:size CONTAINS 5]", 11,
                            "expected a comparison operator at offset 11, found 'CONTAINS'"),
                    Arguments.of("[file:size =? 5]", 12,
                            "expected a string, number, boolean, timestamp, binary or hex value at offset 12, found '?'"),
                    Arguments.of("[file:size = ]", 13,
                            "expected a string, number, boolean, timestamp, binary or hex value at offset 13, found ']'"),
                    Arguments.of("[file:size NOT EXISTS]", 15,
                            "expected a comparison operator at offset 15, found 'EXISTS'"),
                    Arguments.of("[NOT file:name]", 5, "expected EXISTS at offset 5, found 'file'"),
                    Arguments.of("[file:size < true]", 13,
                            "expected a string, number, timestamp, binary or hex value at offset 13, found 'true'"),
                    Arguments.of("[file:name LIKE 5]", 16, "expected a string at offset 16, found '5'"),
                    Arguments.of("[file:name MATCHES /.*\\.dll/]", 19, "expected a string at offset 19, found '/'"),
                    Arguments.of("[file:size IN 'a']", 14,
                            "expected '(' opening a set of values at offset 14, found string 'a'"),
                    Arguments.of("[file:size IN (1 2)]", 17, "expected ',' or ')' at offset 17, found '2'"),
                    // Object paths
                    Arguments.of("[file.size = 1]", 5, "expected ':' at offset 5, found '.'"),
                    Arguments.of("[File:size = 1]", 1, "invalid object type File at offset 1: type names have 3 to"
                            + " 250 characters of a-z, 0-9 and '-', or start with 'x-'"),
                    Arguments.of("[ab:size = 1]", 1, "invalid object type ab at offset 1: type names have 3 to"
                            + " 250 characters of a-z, 0-9 and '-', or start with 'x-'"),
                    Arguments.of("[file:foo-bar = 1]", 6,
                            "property name foo-bar at offset 6 contains '-': quote it as 'foo-bar'"),
                    Arguments.of("[file:name. = 1]", 12, "expected a property name at offset 12, found '='"),
                    Arguments.of("[file:list[x] = 1]", 11, "expected a list index or '*' at offset 11, found 'x'"),
                    // Literals
                    Arguments.of("[file:name = 'abc]", 13, "unterminated string starting at offset 13"),
                    Arguments.of("[file:name = 'a\\d']", 15,
                            "invalid escape '\\d' at offset 15: strings allow only \\' and \\\\"),
                    Arguments.of("[file:size = 01]", 13, "integer 01 at offset 13 has a leading zero"),
                    Arguments.of("[file:size = 9223372036854775808]", 13,
                            "integer 9223372036854775808 at offset 13 is out of the 64-bit range"),
                    Arguments.of("[file:size = 1e5]", 14, "expected ']' at offset 14, found 'e5'"),
                    Arguments.of("[file:created = t'2016-13-01T00:00:00Z']", 23, "invalid timestamp"
                            + " t'2016-13-01T00:00:00Z' at offset 23: month 13 is not between 01 and 12"),
                    Arguments.of("[file:created = t'2015-02-29T00:00:00Z']", 26, "invalid timestamp"
                            + " t'2015-02-29T00:00:00Z' at offset 26: day 29 does not exist in 2015-02"),
                    Arguments.of("[file:created = t'2016-01-01T24:00:00Z']", 29, "invalid timestamp"
                            + " t'2016-01-01T24:00:00Z' at offset 29: hour 24 is not between 00 and 23"),
                    Arguments.of("[file:created = t'2016-01-01T12:00:60Z']", 35, "invalid timestamp"
                            + " t'2016-01-01T12:00:60Z' at offset 35: second 60 is a leap second and exists only at"
                            + " 23:59:60"),
                    Arguments.of("[file:created = t'2016-01-01T00:00:00']", 37, "malformed timestamp"
                            + " t'2016-01-01T00:00:00' at offset 37: expected YYYY-MM-DDTHH:MM:SS[.fraction]Z"),
                    Arguments.of("[file:created = t'2016-01-01 00:00:00Z']", 28, "malformed timestamp"
                            + " t'2016-01-01 00:00:00Z' at offset 28: expected YYYY-MM-DDTHH:MM:SS[.fraction]Z"),
                    Arguments.of("[file:created = t'2016-01-01T00:00:00.Z']", 38, "malformed timestamp"
                            + " t'2016-01-01T00:00:00.Z' at offset 38: expected YYYY-MM-DDTHH:MM:SS[.fraction]Z"),
                    Arguments.of("[file:created = t'2016-01-01T00:00:00+09:00']", 37, "malformed timestamp"
                            + " t'2016-01-01T00:00:00+09:00' at offset 37: expected YYYY-MM-DDTHH:MM:SS[.fraction]Z"),
                    Arguments.of("[file:magic_number_hex = h'ffd']", 25,
                            "hex literal h'ffd' at offset 25 has an odd number of digits, expected whole bytes"),
                    Arguments.of("[file:magic_number_hex = h'ffgg']", 29,
                            "invalid hex digit 'g' at offset 29 in hex literal h'ffgg'"),
                    Arguments.of("[artifact:payload_bin = b'====']", 26,
                            "invalid base64 character '=' at offset 26 in binary literal b'===='"),
                    Arguments.of("[artifact:payload_bin = b'QQ!=']", 28,
                            "invalid base64 character '!' at offset 28 in binary literal b'QQ!='"),
                    Arguments.of("[artifact:payload_bin = b'QQ=']", 24, "binary literal b'QQ=' at offset 24 has 3"
                            + " base64 characters, expected a multiple of 4"),
                    Arguments.of("[artifact:payload_bin = b'']", 24, "empty binary literal b'' at offset 24: base64"
                            + " needs at least one group of 4 characters"),
                    Arguments.of("[file:name MATCHES '(']", 19, "invalid regular expression '(' at offset 19:"
                            + " Unclosed group"),
                    Arguments.of("[file:hashes.MD5 = 'abc']", 19, "'abc' at offset 19 is not a valid MD5 hash"),
                    Arguments.of("[file:hashes.'SHA-256' IN ('aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f', 'f00')]",
                            95, "'f00' at offset 95 is not a valid SHA-256 hash"),
                    // Qualifiers
                    Arguments.of("[file:size = 5] WITHIN 5 MINUTES", 25,
                            "expected SECONDS at offset 25, found 'MINUTES'"),
                    Arguments.of("[file:size = 5] WITHIN 0 SECONDS", 23,
                            "expected a positive number of seconds at offset 23, found '0'"),
                    Arguments.of("[file:size = 5] WITHIN -5 SECONDS", 23,
                            "expected a positive number of seconds at offset 23, found '-5'"),
                    Arguments.of("[file:size = 5] WITHIN SECONDS", 23,
                            "expected a positive number of seconds at offset 23, found 'SECONDS'"),
                    Arguments.of("[file:size = 5] REPEATS 0 TIMES", 24,
                            "expected a positive integer at offset 24, found '0'"),
                    Arguments.of("[file:size = 5] REPEATS 2.5 TIMES", 24,
                            "expected a positive integer at offset 24, found '2.5'"),
                    Arguments.of("[file:size = 5] REPEATS 2", 25, "expected TIMES at offset 25, found end of pattern"),
                    Arguments.of("[file:size = 5] START '2016-01-01T00:00:00Z'", 22,
                            "expected a timestamp t'...' at offset 22, found string '2016-01-01T00:00:00Z'"),
                    Arguments.of("[file:size = 5] START t'2016-01-02T00:00:00Z' STOP t'2016-01-01T00:00:00Z'", 51,
                            "START t'2016-01-02T00:00:00Z' is not before STOP t'2016-01-01T00:00:00Z' at offset 51"),
                    Arguments.of("[file:size = 5] START t'2016-01-01T00:00:00Z' STOP t'2016-01-01T00:00:00Z'", 51,
                            "START t'2016-01-01T00:00:00Z' is not before STOP t'2016-01-01T00:00:00Z' at offset 51"),
                    Arguments.of("[file:size = 5] REPEATS 2 TIMES REPEATS 3 TIMES", 32, "duplicate REPEATS qualifier"
                            + " at offset 32: one observation takes each kind of qualifier once; put it in parentheses"
                            + " to qualify it again"));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("invalidPatterns")
        void reportsTheProblemAndItsOffset(String pattern, int offset, String message) {
            StixPatternException error = parseError(pattern);

            assertThat(error.getMessage()).isEqualTo(message);
            assertThat(error.offset()).isEqualTo(offset);
        }

        @Test
        void refusesNestingBeyondTheLimit() {
            int depth = Parser.MAX_NESTING + 1;
            String pattern = "(".repeat(depth) + "[file:size = 1]" + ")".repeat(depth);

            StixPatternException error = parseError(pattern);

            assertThat(error.offset()).isEqualTo(Parser.MAX_NESTING);
            assertThat(error.getMessage()).startsWith("brackets and parentheses nest deeper than");
        }

        @Test
        void shortensLongTokensInMessages() {
            String longString = "'" + "x".repeat(100) + "'";

            StixPatternException error = parseError("[file:size = 1] " + longString);

            assertThat(error.getMessage()).endsWith("found string '" + "x".repeat(39) + "...");
        }

        private static StixPatternException parseError(String pattern) {
            try {
                StixPattern parsed = StixPattern.parse(pattern);
                return fail("expected an error, parsed as " + parsed.canonical());
            } catch (StixPatternException expected) {
                return expected;
            }
        }
    }

    @Nested
    class Comparisons {
        @Test
        void listsEveryComparisonInTextualOrderWithDecodedValues() throws StixPatternException {
            StixPattern pattern = StixPattern.parse("""
                    ([file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f'
                      OR file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]
                     FOLLOWEDBY [ipv4-addr:value NOT IN ('198.51.100.1', 5, true) AND EXISTS ipv4-addr:resolves_to_refs[0]])
                    WITHIN 300 SECONDS
                    OR [artifact:payload_bin = b'AQID' AND file:magic_number_hex != h'FFD8'
                        AND file:created >= t'2016-01-01T00:00:00.5Z' AND file:name LIKE 'it\\'s\\\\']
                    """);

            assertThat(pattern.comparisons()).containsExactly(
                    new Comparison("file", List.of("hashes", "SHA-256"), "=", false,
                            "aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f"),
                    new Comparison("file", List.of("extensions", "windows-pebinary-ext", "sections", "[*]", "entropy"),
                            ">", false, 7.0),
                    new Comparison("ipv4-addr", List.of("value"), "IN", true, List.of("198.51.100.1", 5L, true)),
                    new Comparison("ipv4-addr", List.of("resolves_to_refs", "[0]"), "EXISTS", false, null),
                    new Comparison("artifact", List.of("payload_bin"), "=", false, new byte[] {1, 2, 3}),
                    new Comparison("file", List.of("magic_number_hex"), "!=", false, new byte[] {(byte) 0xff, (byte) 0xd8}),
                    new Comparison("file", List.of("created"), ">=", false, Instant.parse("2016-01-01T00:00:00.5Z")),
                    new Comparison("file", List.of("name"), "LIKE", false, "it's\\"));
        }

        @Test
        void valuesKeepTheirJavaTypes() throws StixPatternException {
            List<Object> values = StixPattern.parse("[x-t:a = 'a' OR x-t:b = 1 OR x-t:c = 1.5 OR x-t:d = false"
                    + " OR x-t:e = t'2020-01-01T00:00:00Z' OR x-t:f = b'AA==' OR x-t:g = h'00' OR x-t:h IN ()]")
                    .comparisons().stream().map(Comparison::value).toList();

            assertThat(values.subList(0, 7)).hasExactlyElementsOfTypes(String.class, Long.class, Double.class,
                    Boolean.class, Instant.class, byte[].class, byte[].class);
            assertThat(values.get(7)).isEqualTo(List.of());
        }

        @Test
        void byteValuesCannotBeChangedFromOutside() throws StixPatternException {
            Comparison comparison = StixPattern.parse("[file:magic_number_hex = h'ffd8']").comparisons().getFirst();

            ((byte[]) comparison.value())[0] = 0;

            assertThat((byte[]) comparison.value()).containsExactly(0xff, 0xd8);
        }

        @Test
        void printsReadably() throws StixPatternException {
            assertThat(StixPattern.parse("[file:sections[*].name NOT = h'41' AND EXISTS file:size]").comparisons())
                    .map(Comparison::toString)
                    .containsExactly("file:sections[*].name NOT = 41", "file:size EXISTS");
        }
    }

    @Nested
    class Equality {
        @Test
        void patternsWithTheSameStructureAreEqualWhateverTheirSpelling() throws StixPatternException {
            StixPattern spelled = StixPattern.parse("[file:'size'==+5 /* x */] WITHIN 300.0 SECONDS");
            StixPattern canonical = StixPattern.parse("[file:size = 5] WITHIN 300 SECONDS");

            assertThat(spelled).isEqualTo(canonical).hasSameHashCodeAs(canonical);
            assertThat(spelled.text()).isNotEqualTo(canonical.text());
            assertThat(spelled.comparisons()).isEqualTo(canonical.comparisons());
        }

        @Test
        void patternsWithADifferentStructureDiffer() throws StixPatternException {
            assertThat(StixPattern.parse("[file:a = 1 OR file:b = 2 AND file:c = 3]"))
                    .isNotEqualTo(StixPattern.parse("[(file:a = 1 OR file:b = 2) AND file:c = 3]"));
            assertThat(StixPattern.parse("[file:a = 1]")).isNotEqualTo(StixPattern.parse("[file:a = '1']"));
            assertThat(StixPattern.parse("[file:a = 1]")).isNotEqualTo(StixPattern.parse("[file:a = 1.0]"));
        }
    }
}
