package org.kizashi.active.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kizashi.core.active.DomainNames;
import org.kizashi.core.net.IpAddress;

/** The canonicalisation rules on examples of our own (the reference vectors are in SafeBrowsingVectorsTest). */
class SafeBrowsingUrlsTest {

    @Test
    void japaneseHostBecomesThePunycodeThatDnsListsUse() {
        String url = "http://例え.jp/パス?q=東京";

        assertThat(SafeBrowsingUrls.canonicalHost(url)).isEqualTo("xn--r8jz45g.jp")
                .isEqualTo(DomainNames.canonical("例え.jp"));
        assertThat(SafeBrowsingUrls.canonicalUrl(url)).isEqualTo("http://xn--r8jz45g.jp/%e3%83%91%e3%82%b9");
        assertThat(SafeBrowsingUrls.lookupPaths(url))
                .containsExactly("/", "/%e3%83%91%e3%82%b9", "/%e3%83%91%e3%82%b9?q=%e6%9d%b1%e4%ba%ac");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://例え.JP/",
        "http://例え。jp/",
        "http://%E4%BE%8B%E3%81%88.jp/",
        "http://%25E4%25BE%258B%25E3%2581%2588.jp/",
        "http://XN--R8JZ45G.jp/",
        "例え.jp",
    })
    void everySpellingOfAJapaneseHostIsTheSame(String url) {
        assertThat(SafeBrowsingUrls.canonicalUrl(url)).isEqualTo("http://xn--r8jz45g.jp/");
    }

    @Test
    void hostBytesThatAreNotUtf8StayEscaped() {
        assertThat(SafeBrowsingUrls.canonicalHost("http://%ff%fe.example/")).isEqualTo("%ff%fe.example");
    }

    @ParameterizedTest
    @CsvSource({
        "http://192.168.0.1/, 192.168.0.1",
        "http://3232235521/, 192.168.0.1",
        "http://0xC0A80001/, 192.168.0.1",
        "http://0300.0250.0.1/, 192.168.0.1",
        "http://0xc0.0xa8.0x00.0x01/, 192.168.0.1",
        "http://192.168.1/, 192.168.0.1",
        "http://192.11010049/, 192.168.0.1",
        "http://127.1/, 127.0.0.1",
        "http://192.168.0.1.:8080/, 192.168.0.1",
        "http://%31%39%32.168.0.1/, 192.168.0.1",
    })
    void everyIpv4SpellingBecomesADottedQuad(String url, String quad) {
        assertThat(SafeBrowsingUrls.canonicalHost(url)).isEqualTo(quad);
        assertThat(SafeBrowsingUrls.lookupHosts(url)).containsExactly(quad);
    }

    @Test
    void dottedQuadIsTheCoreAddressText() {
        assertThat(SafeBrowsingUrls.canonicalHost("http://0xC0A80001/"))
                .isEqualTo(IpAddress.ofV4(0xC0A80001).toString());
    }

    @ParameterizedTest
    @CsvSource({
        "08.1.2.3, ''",
        "0x.1.2.3, ''",
        "1.2.3.4.5, ''",
        "deadbeef, ''",
        "0xdeadbeef, 222.173.190.239",
        "1.2.3.256, 1.2.3.0",
        "'', ''",
    })
    void parseIpAddressTellsAddressesFromNames(String host, String expected) {
        assertThat(SafeBrowsingUrls.parseIpAddress(host)).isEqualTo(expected);
    }

    @Test
    void hostThatIsNotAnAddressGetsItsSuffixesEvenWhenNumeric() {
        assertThat(SafeBrowsingUrls.lookupHosts("http://1.2.3.4.5/")).containsExactly("1.2.3.4.5", "2.3.4.5",
                "3.4.5", "4.5");
    }

    @Test
    void ipv6LiteralStaysInBracketsInLowerCase() {
        assertThat(SafeBrowsingUrls.canonicalUrl("http://[2001:DB8::1]:8443/x")).isEqualTo("http://[2001:db8::1]/x");
        assertThat(SafeBrowsingUrls.lookupHosts("http://[2001:db8::1]/")).containsExactly("[2001:db8::1]");
    }

    @ParameterizedTest
    @CsvSource({
        "http://h.example/%2525252541, http://h.example/A",
        "http://h.example/a%20b, http://h.example/a%20b",
        "http://h.example/a b, http://h.example/a%20b",
        "http://h.example/%7Euser, http://h.example/~user",
        "http://h.example/%41%2541, http://h.example/AA",
        "http://h.example/100%, http://h.example/100%25",
        "http://h.example/%zz, http://h.example/%25zz",
        "http://h.example/%23, http://h.example/%23",
        "http://h.example/%7f%C3%A9, http://h.example/%7f%c3%a9",
        "http://h.example/é, http://h.example/%c3%a9",
    })
    void escapesAreUndoneRepeatedlyThenRedoneForControlHighHashAndPercent(String url, String expected) {
        assertThat(SafeBrowsingUrls.canonicalUrl(url)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "/a/./b/../c, /a/c",
        "/a/b/.., /a/",
        "/a/b/., /a/b/",
        "/../../a, /a",
        "//a///b//, /a/b/",
        "/a/%2e%2e/b, /b",
        "/a/%2F/b, /a/b",
        "/a/..., /a/...",
        "'', /",
    })
    void pathDotSegmentsAndRepeatedSlashesAreResolved(String path, String expected) {
        assertThat(SafeBrowsingUrls.canonicalPath("http://h.example" + path)).isEqualTo(expected);
    }

    @Test
    void schemeUserInfoPortAndFragmentAreNormalisedOrDropped() {
        assertThat(SafeBrowsingUrls.canonicalUrl("HTTPS://user:secret@WWW.Example.COM.:8443/a?b#c"))
                .isEqualTo("https://www.example.com/a");
        assertThat(SafeBrowsingUrls.canonicalUrl("example.com:8080/dl")).isEqualTo("http://example.com/dl");
        assertThat(SafeBrowsingUrls.canonicalUrl("//cdn.example/x")).isEqualTo("http://cdn.example/x");
        assertThat(SafeBrowsingUrls.canonicalUrl("\u00a0 http://example.com/ \u00a0")).isEqualTo("http://example.com/");
    }

    @Test
    void expressionsCombineEveryHostSuffixWithEveryPathPrefix() {
        assertThat(SafeBrowsingUrls.expressions("http://a.b.example.jp/1/2.html?x=%41"))
                .containsExactly(
                        "a.b.example.jp/", "a.b.example.jp/1/", "a.b.example.jp/1/2.html",
                        "a.b.example.jp/1/2.html?x=A",
                        "b.example.jp/", "b.example.jp/1/", "b.example.jp/1/2.html", "b.example.jp/1/2.html?x=A",
                        "example.jp/", "example.jp/1/", "example.jp/1/2.html", "example.jp/1/2.html?x=A");
    }

    @Test
    void emptyQueryAddsNoExpression() {
        assertThat(SafeBrowsingUrls.lookupPaths("http://a.example/x?")).containsExactly("/", "/x");
    }

    @Test
    void queryIsEscapedLikeThePath() {
        assertThat(SafeBrowsingUrls.lookupPaths("http://a.example/?q=a b#frag"))
                .containsExactly("/", "/?q=a%20b");
    }

    @Test
    void atMostSevenHostComponentsAndFourPathComponentsAreLookedAt() {
        assertThat(SafeBrowsingUrls.lookupHosts("http://1.2.3.4.5.6.7.8.example/"))
                .containsExactly("1.2.3.4.5.6.7.8.example", "3.4.5.6.7.8.example", "4.5.6.7.8.example",
                        "5.6.7.8.example", "6.7.8.example", "7.8.example", "8.example");
        assertThat(SafeBrowsingUrls.lookupPaths("http://h.example/1/2/3/4/5/6"))
                .containsExactly("/", "/1/", "/1/2/", "/1/2/3/", "/1/2/3/4/5/6");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "#only-a-fragment", ":", "/relative/path", "?query", "http://", "http:///path", "http://:80/",
        "http://user@/", "http://.../", "mailto:someone@example.jp", "javascript:alert(1)",
        "http://[2001:db8::1/", "http://[not-ipv6]/", "http://[192.0.2.1]/", "http://[::1]x/", "http://[:: ]/",
        "http://a:b/", "http://evil.example:80./", "http://100%25.example/", "http://a[b]/", "http://.[::1]/",
        "http://ａ／b.example/",
    })
    void urlsWithoutAValidHostAreRejectedWithTheirName(String url) {
        assertThatThrownBy(() -> SafeBrowsingUrls.canonicalUrl(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("URL '" + url + "' has no valid host: ");
    }

    @Test
    void failureMessagesExplainTheProblem() {
        assertThatThrownBy(() -> SafeBrowsingUrls.canonicalUrl("mailto:someone@example.jp"))
                .hasMessage("URL 'mailto:someone@example.jp' has no valid host: scheme 'mailto' is not followed by"
                        + " '//'");
        assertThatThrownBy(() -> SafeBrowsingUrls.lookupHosts("/relative/path"))
                .hasMessage("URL '/relative/path' has no valid host: the host is empty");
    }

    @Test
    void failureMessagesEscapeControlCharactersAndCutLongUrls() {
        assertThatThrownBy(() -> SafeBrowsingUrls.canonicalUrl("/\u0001\u001b[31m"))
                .hasMessageStartingWith("URL '/%01%1b[31m' ");
        String longUrl = "/" + "x".repeat(1000);
        assertThatThrownBy(() -> SafeBrowsingUrls.canonicalUrl(longUrl))
                .hasMessageStartingWith("URL '/" + "x".repeat(199) + "...' ");
    }

    @Test
    void hostCharactersThatWouldReadDifferentlyAreNamed() {
        assertThatThrownBy(() -> SafeBrowsingUrls.canonicalHost("http://a:b/"))
                .hasMessage("URL 'http://a:b/' has no valid host: the host contains ':'");
        assertThatThrownBy(() -> SafeBrowsingUrls.canonicalHost("http://ａ／b.example/"))
                .hasMessageEndingWith("the host contains '/'");
    }

    /**
     * Random URLs from pieces that stress the rules: each is rejected, or its canonical form and its expression
     * canonicalise to themselves, are ASCII, and the expression is one of the URL's lookup expressions.
     */
    @Test
    void randomUrlsCanonicaliseToFixedPointsOrAreRejected() {
        String[] pieces = {
            "http://", "https://", "%", "%25", "%2", "..", "/./", "/../", "//", ":80", "@", "[::1]", "[", "]", "0x",
            "1.2.3.4", "例え", "?", "#", ".", "%e4%be%8b", "%c3", " ", "\t", "\n", "xn--", "a", "B", "%2e", "%2f",
            "%3a", "%40", "%ef%bc%8f", "1", "255", "0", "ü", "\u00a0", "\u0001", "\uff0f", "\u3002", "\u00ad", "\\",
        };
        Random random = new Random(20261123);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder url = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) {
                url.append(pieces[random.nextInt(pieces.length)]);
            }
            String input = url.toString();
            String canonical;
            try {
                canonical = SafeBrowsingUrls.canonicalUrl(input);
            } catch (IllegalArgumentException rejected) {
                continue;
            }
            accepted++;
            String expression = UrlList.expressionOf(input);
            assertThat(SafeBrowsingUrls.canonicalUrl(canonical)).as("canonical form of %s", input)
                    .isEqualTo(canonical);
            assertThat(UrlList.expressionOf(expression)).as("expression of %s", input).isEqualTo(expression);
            assertThat(canonical).as("canonical form of %s", input).matches("[\\x21-\\x7e]+");
            assertThat(SafeBrowsingUrls.expressions(input)).as("expressions of %s", input).contains(expression);
        }
        assertThat(accepted).isGreaterThan(1000);
    }

    @Test
    void canonicalFormIsAFixedPoint() {
        String once = SafeBrowsingUrls.canonicalUrl("http://Ex%61mple.JP/%2525zz/./a b/%23/例");
        assertThat(once).isEqualTo("http://example.jp/%25zz/a%20b/%23/%e4%be%8b");
        assertThat(SafeBrowsingUrls.canonicalUrl(once)).isEqualTo(once);
    }
}
