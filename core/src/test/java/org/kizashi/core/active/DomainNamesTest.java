package org.kizashi.core.active;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNamesTest {
    @Test
    void lowerCasesAsciiNames() {
        assertThat(DomainNames.canonical("WWW.Example.COM")).isEqualTo("www.example.com");
        assertThat(DomainNames.canonical("already.lower")).isEqualTo("already.lower");
    }

    @Test
    void dropsOneTrailingDotAndSurroundingWhitespace() {
        assertThat(DomainNames.canonical("example.com.")).isEqualTo("example.com");
        assertThat(DomainNames.canonical("  Example.com.\t")).isEqualTo("example.com");
        assertThat(DomainNames.canonical("localhost")).isEqualTo("localhost");
    }

    @Test
    void convertsJapaneseNamesToPunycode() {
        assertThat(DomainNames.canonical("例え.jp")).isEqualTo("xn--r8jz45g.jp");
        assertThat(DomainNames.canonical("例え.JP.")).isEqualTo("xn--r8jz45g.jp");
        assertThat(DomainNames.canonical("www.例え.jp")).isEqualTo("www.xn--r8jz45g.jp");
        // The ideographic full stop separates labels as a dot does (IDNA), as a Japanese keyboard types it.
        assertThat(DomainNames.canonical("例え。jp")).isEqualTo("xn--r8jz45g.jp");
        // Full-width Latin letters are mapped to their ASCII form.
        assertThat(DomainNames.canonical("ＥＸＡＭＰＬＥ.com")).isEqualTo("example.com");
    }

    @Test
    void punycodeInputIsKeptAsIs() {
        assertThat(DomainNames.canonical("XN--R8JZ45G.jp")).isEqualTo("xn--r8jz45g.jp");
        assertThat(DomainNames.canonical("xn--r8jz45g.jp")).isEqualTo(DomainNames.canonical("例え.jp"));
    }

    @Test
    void allowsUnderscoresHyphensAndDigits() {
        assertThat(DomainNames.canonical("_dmarc.Example.com")).isEqualTo("_dmarc.example.com");
        assertThat(DomainNames.canonical("c2_node-01.evil.example")).isEqualTo("c2_node-01.evil.example");
        assertThat(DomainNames.canonical("192.0.2.1")).isEqualTo("192.0.2.1");
    }

    @Test
    void rejectsEmptyAndBlankNames() {
        assertThatThrownBy(() -> DomainNames.canonical(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty domain name");
        assertThatThrownBy(() -> DomainNames.canonical("")).hasMessageContaining("empty domain name");
        assertThatThrownBy(() -> DomainNames.canonical("   ")).hasMessageContaining("empty domain name");
        assertThatThrownBy(() -> DomainNames.canonical(".")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("root");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..example.com", ".example.com", "example.com..", "example..", ".."})
    void rejectsEmptyLabels(String name) {
        assertThatThrownBy(() -> DomainNames.canonical(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty label")
                .hasMessageContaining(name);
    }

    @Test
    void acceptsLabelsOfSixtyThreeCharactersAndRejectsLonger() {
        String label63 = "a".repeat(63);
        assertThat(DomainNames.canonical(label63 + ".example")).isEqualTo(label63 + ".example");
        assertThatThrownBy(() -> DomainNames.canonical("a".repeat(64) + ".example"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label longer than 63");
        assertThatThrownBy(() -> DomainNames.canonical("www." + "b".repeat(64)))
                .hasMessageContaining("label longer than 63");
    }

    @Test
    void acceptsNamesOf253CharactersAndRejectsLonger() {
        String name253 = ("a".repeat(63) + ".").repeat(3) + "b".repeat(61);
        assertThat(name253).hasSize(DomainNames.MAX_LENGTH);
        assertThat(DomainNames.canonical(name253)).isEqualTo(name253);
        assertThat(DomainNames.canonical(name253 + ".")).isEqualTo(name253);
        String name254 = name253 + "b";
        assertThatThrownBy(() -> DomainNames.canonical(name254)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 253");
    }

    @ParameterizedTest
    @ValueSource(strings = {"exa mple.com", "example.com/path", "*.example.com", "evil@example.com",
        "example.com:80", "a\\.b.example", "example!.com", "ex\"ample.com"})
    void rejectsCharactersAHostNameCannotHave(String name) {
        assertThatThrownBy(() -> DomainNames.canonical(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contains")
                .hasMessageContaining("which a host name cannot");
    }

    @Test
    void namesTheOffendingCharacter() {
        assertThatThrownBy(() -> DomainNames.canonical("exa mple.com")).hasMessageContaining("contains ' '");
        assertThatThrownBy(() -> DomainNames.canonical("example.com/x")).hasMessageContaining("contains '/'");
    }

    @Test
    void rejectsInternationalisedNamesThatCannotBeConverted() {
        String longJapaneseLabel = "あ".repeat(60) + ".jp";
        assertThatThrownBy(() -> DomainNames.canonical(longJapaneseLabel))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid internationalised domain name");
    }

    @Test
    void canonicalIsIdempotent() {
        for (String name : new String[] {"WWW.Example.COM.", "例え.jp", "_x.Y-z.example", "ＥＸＡＭＰＬＥ.com"}) {
            String once = DomainNames.canonical(name);
            assertThat(DomainNames.canonical(once)).as(name).isEqualTo(once);
        }
    }
}
