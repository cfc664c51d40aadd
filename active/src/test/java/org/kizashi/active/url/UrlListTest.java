package org.kizashi.active.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlListTest {

    private static OptionalInt idOf(UrlList list, String url) {
        Optional<UrlList.Match> match = list.match(url);
        return match.map(m -> OptionalInt.of(m.entryId())).orElse(OptionalInt.empty());
    }

    @Test
    void expressionOfAListedUrlDropsSchemePortAndFragmentAndKeepsTheQuery() {
        assertThat(UrlList.expressionOf("http://Evil.Example:8080/")).isEqualTo("evil.example/");
        assertThat(UrlList.expressionOf("evil.example")).isEqualTo("evil.example/");
        assertThat(UrlList.expressionOf("https://evil.example/dl/./x.exe#top")).isEqualTo("evil.example/dl/x.exe");
        assertThat(UrlList.expressionOf("http://evil.example/a.php?id=7")).isEqualTo("evil.example/a.php?id=7");
        assertThat(UrlList.expressionOf("http://evil.example/a.php?")).isEqualTo("evil.example/a.php");
        assertThat(UrlList.expressionOf("http://例え.jp/")).isEqualTo("xn--r8jz45g.jp/");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://evil.example/",
        "https://evil.example/any/path/file.exe?with=query#and-fragment",
        "http://www.evil.example:8080/",
        "http://a.b.c.evil.example/x",
        "EVIL.EXAMPLE/login",
    })
    void hostEntryMatchesEveryPathOnTheHostAndItsSubdomains(String url) {
        UrlList list = UrlList.builder().add(UrlList.expressionOf("http://evil.example/"), 7).build();

        assertThat(list.match(url)).contains(new UrlList.Match("evil.example/", 7));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://notevil.example/", "http://evil.example.com/", "http://example/", "http://evil.exampl/",
        "http://xevil.example/x",
    })
    void hostEntryMatchesNoOtherHost(String url) {
        UrlList list = UrlList.builder().add("evil.example/", 7).build();

        assertThat(list.match(url)).isEmpty();
    }

    @Test
    void pathEntryMatchesOnlyThatDirectory() {
        UrlList list = UrlList.builder().add(UrlList.expressionOf("http://host.example/dl/"), 1).build();

        assertThat(idOf(list, "http://host.example/dl/")).hasValue(1);
        assertThat(idOf(list, "http://host.example/dl/payload.exe?x=1")).hasValue(1);
        assertThat(idOf(list, "http://www.host.example/dl/sub/file")).hasValue(1);
        assertThat(idOf(list, "http://host.example/x/../dl/./a")).hasValue(1);
        assertThat(idOf(list, "http://host.example/dl")).isEmpty();
        assertThat(idOf(list, "http://host.example/download/")).isEmpty();
        assertThat(idOf(list, "http://host.example/other/dl/")).isEmpty();
        assertThat(idOf(list, "http://host.example/")).isEmpty();
    }

    @Test
    void fileEntryMatchesThatPathWithAnyQuery() {
        UrlList list = UrlList.builder().add("host.example/a/b.html", 2).build();

        assertThat(idOf(list, "http://host.example/a/b.html")).hasValue(2);
        assertThat(idOf(list, "http://host.example/a/b.html?session=1")).hasValue(2);
        assertThat(idOf(list, "http://host.example/a/b.htm")).isEmpty();
        assertThat(idOf(list, "http://host.example/a/b.html/c")).isEmpty();
    }

    @Test
    void queryEntryMatchesOnlyThatExactQuery() {
        UrlList list = UrlList.builder().add(UrlList.expressionOf("http://host.example/page.php?id=7"), 3).build();

        assertThat(idOf(list, "http://host.example/page.php?id=7")).hasValue(3);
        assertThat(idOf(list, "http://host.example/page.php?id=%37#x")).hasValue(3);
        assertThat(idOf(list, "http://host.example/page.php?id=8")).isEmpty();
        assertThat(idOf(list, "http://host.example/page.php?id=7&x=1")).isEmpty();
        assertThat(idOf(list, "http://host.example/page.php")).isEmpty();
    }

    @Test
    void ipAddressEntryMatchesEverySpellingOfTheAddress() {
        UrlList list = UrlList.builder().add("http://192.0.2.10/", 4).build();

        assertThat(idOf(list, "http://3221225994/x")).hasValue(4);
        assertThat(idOf(list, "http://0xC0.0.2.012/")).hasValue(4);
        assertThat(idOf(list, "http://192.0.2.11/")).isEmpty();
    }

    @Test
    void mostSpecificEntryWins() {
        UrlList list = UrlList.builder()
                .add("evil.example/", 1)
                .add("www.evil.example/", 2)
                .add("www.evil.example/dl/", 3)
                .add("www.evil.example/dl/x.exe?v=1", 4)
                .build();

        assertThat(list.match("http://www.evil.example/dl/x.exe?v=1"))
                .contains(new UrlList.Match("www.evil.example/dl/x.exe?v=1", 4));
        assertThat(idOf(list, "http://www.evil.example/dl/x.exe")).hasValue(3);
        assertThat(idOf(list, "http://www.evil.example/about")).hasValue(2);
        assertThat(idOf(list, "http://cdn.evil.example/dl/x.exe")).hasValue(1);
    }

    @Test
    void sizeCountsDistinctExpressionsAndTheFirstIdOfADuplicateIsKept() {
        UrlList list = UrlList.builder()
                .add("evil.example/", 1)
                .add("http://EVIL.example:80/", 2)
                .add("evil.example/dl/", 3)
                .build();

        assertThat(list.size()).isEqualTo(2);
        assertThat(idOf(list, "http://evil.example/")).hasValue(1);
        assertThat(UrlList.builder().build().size()).isZero();
        assertThat(UrlList.builder().build().match("http://evil.example/")).isEmpty();
    }

    @Test
    void hashCollisionsNeverMatchAnotherExpression() {
        UrlList.Builder builder = new UrlList.Builder((bytes, offset, length) -> 42L);
        builder.add("a.example/", 1).add("b.example/x/", 2).add("c.example/y", 3);
        UrlList list = builder.build();

        assertThat(idOf(list, "http://a.example/z")).hasValue(1);
        assertThat(idOf(list, "http://b.example/x/1")).hasValue(2);
        assertThat(idOf(list, "http://c.example/y")).hasValue(3);
        assertThat(idOf(list, "http://c.example/x/")).isEmpty();
        assertThat(idOf(list, "http://d.example/")).isEmpty();
        assertThat(list.size()).isEqualTo(3);
    }

    @Test
    void zeroHashIsNotTakenForAFreeSlot() {
        UrlList list = new UrlList.Builder((bytes, offset, length) -> 0L).add("a.example/", 1).build();

        assertThat(idOf(list, "http://a.example/")).hasValue(1);
        assertThat(idOf(list, "http://b.example/")).isEmpty();
    }

    @Test
    void manyEntriesAreAllFound() {
        UrlList.Builder builder = UrlList.builder();
        int entries = 50_000;
        for (int i = 0; i < entries; i++) {
            builder.add("host" + i + ".example/p" + (i % 7) + "/", i);
        }
        UrlList list = builder.build();

        assertThat(list.size()).isEqualTo(entries);
        for (int i = 0; i < entries; i += 97) {
            assertThat(idOf(list, "http://www.host" + i + ".example/p" + (i % 7) + "/file")).hasValue(i);
            assertThat(idOf(list, "http://host" + i + ".example/p" + ((i + 1) % 7) + "/file")).isEmpty();
        }
    }

    @Test
    void unparseableUrlIsRejectedWithItsName() {
        UrlList list = UrlList.builder().add("evil.example/", 1).build();

        assertThatThrownBy(() -> list.match("mailto:abuse@evil.example"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'mailto:abuse@evil.example'");
        assertThatThrownBy(() -> UrlList.builder().add("/no/host", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'/no/host'");
    }
}
