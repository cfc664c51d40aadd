package org.kizashi.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MessagesTest {
    private static final Pattern JAPANESE = Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");
    private final Messages messages = new Messages();

    @Test
    void everyTextExistsInBothLanguages() {
        assertThat(messages.keys(Language.JA)).containsExactlyInAnyOrderElementsOf(messages.keys(Language.EN));
    }

    @Test
    void japaneseTextsAreJapaneseAndEnglishTextsAreNot() {
        for (String key : messages.keys(Language.EN)) {
            String en = messages.get(Language.EN, key);
            assertThat(JAPANESE.matcher(en).find()).as("English text %s: %s", key, en)
                    .isEqualTo(key.equals("app.name") && en.contains("兆"));
        }
        long japanese = messages.keys(Language.JA).stream()
                .filter(k -> JAPANESE.matcher(messages.get(Language.JA, k)).find()).count();
        // Only brand names and the like may stay in Latin letters.
        assertThat(japanese).isGreaterThan(messages.keys(Language.JA).size() - 5);
    }

    @Test
    void argumentsAreFilledIn() {
        assertThat(messages.get(Language.JA, "admin.error.passwordShort", 12)).isEqualTo("パスワードは 12 文字以上にしてください。");
        assertThat(messages.get(Language.EN, "admin.error.userExists", "tanaka")).isEqualTo("The user name \"tanaka\" is already taken.");
        assertThat(messages.get(Language.EN, "no.such.key")).isEqualTo("[no.such.key]");
    }

    @Test
    void acceptLanguagePicksTheBestSupportedLanguage() {
        assertThat(Language.fromAcceptLanguage("en-US,en;q=0.9")).isEqualTo(Language.EN);
        assertThat(Language.fromAcceptLanguage("fr-FR,fr;q=0.9,en;q=0.5,ja;q=0.4")).isEqualTo(Language.EN);
        assertThat(Language.fromAcceptLanguage("ja,en;q=0.9")).isEqualTo(Language.JA);
        assertThat(Language.fromAcceptLanguage("de")).isEqualTo(Language.JA);
        assertThat(Language.fromAcceptLanguage(null)).isEqualTo(Language.JA);
        assertThat(Language.fromAcceptLanguage(";;;garbage")).isEqualTo(Language.JA);
    }
}
