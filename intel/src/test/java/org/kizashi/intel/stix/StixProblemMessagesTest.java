package org.kizashi.intel.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kizashi.intel.stix.TestObjects.minimal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Problems read in English and in Japanese. */
class StixProblemMessagesTest {
    private final StixValidator validator = new StixValidator(TestObjects.BRACKETED_PATTERNS);

    private StixProblem createdByAnIndicator() {
        ObjectNode campaign = minimal("campaign");
        campaign.put("created_by_ref", TestObjects.INDICATOR);
        return validator.validate(campaign).getFirst();
    }

    @Test
    void theDetailNamesThePropertyTheValueFoundAndWhatWasExpected() {
        assertThat(createdByAnIndicator().detail()).isEqualTo("created_by_ref must reference an identity, found a"
                + " reference to an indicator ('" + TestObjects.INDICATOR + "')");
    }

    @Test
    void englishMessagesStartWithThePath() {
        StixProblem problem = createdByAnIndicator();
        assertThat(problem.message()).isEqualTo("/created_by_ref: Reference to a wrong kind of object: "
                + problem.detail() + " (error)");
        assertThat(problem.message(Locale.FRENCH)).isEqualTo(problem.message());
        assertThat(problem.message(Locale.US)).isEqualTo(problem.message());
    }

    @Test
    void japaneseMessagesTranslateTheTemplateAndKeepTheEnglishDetail() {
        StixProblem problem = createdByAnIndicator();
        assertThat(problem.message(Locale.JAPANESE)).isEqualTo("/created_by_ref: 参照先のオブジェクトの種類が正しくありません: "
                + problem.detail() + " （エラー）");
        assertThat(problem.message(Locale.JAPAN)).isEqualTo(problem.message(Locale.JAPANESE));
    }

    @Test
    void warningsAndWholeObjectProblemsSaySoInBothLanguages() {
        ObjectNode location = minimal("location");
        location.remove("country");
        StixProblem whole = validator.validate(location).getFirst();
        assertThat(whole.message()).startsWith("(whole object): Property presence rule broken: ").endsWith("(error)");
        assertThat(whole.message(Locale.JAPANESE)).startsWith("（オブジェクト全体）: プロパティの有無に関する規則に違反しています: ")
                .contains("region, country").endsWith("（エラー）");

        ObjectNode campaign = minimal("campaign");
        campaign.put("x_acme_score", 3);
        StixProblem warning = validator.validate(campaign).getFirst();
        assertThat(warning.message()).startsWith("/x_acme_score: Property not defined by STIX 2.1: ")
                .endsWith("(warning)");
        assertThat(warning.message(Locale.JAPANESE)).startsWith("/x_acme_score: STIX 2.1 で定義されていないプロパティです: ")
                .endsWith("（警告）");
    }

    @Test
    void everyCodeAndSeverityHasATemplateInEachLanguage() {
        for (StixProblem.Code code : StixProblem.Code.values()) {
            for (StixProblem.Severity severity : StixProblem.Severity.values()) {
                StixProblem problem = new StixProblem(severity, null, "", code, "DETAIL");
                assertThat(problem.message()).contains("DETAIL");
                assertThat(problem.message(Locale.JAPANESE)).contains("DETAIL").isNotEqualTo(problem.message());
            }
        }
    }

    @Test
    void bothTemplateFilesHaveTheSameKeysAndTheJapaneseOneIsReadAsUtf8() {
        Properties english = ProblemTemplates.read("en");
        Properties japanese = ProblemTemplates.read("ja");
        assertThat(japanese.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
        assertThat(english.stringPropertyNames()).containsAll(Arrays.stream(StixProblem.Code.values())
                .map(code -> "code." + code.name()).toList());
        assertThat(japanese.getProperty("severity.ERROR")).isEqualTo("（エラー）");
        for (String key : english.stringPropertyNames()) {
            if (key.startsWith("code.")) {
                assertThat(english.getProperty(key)).as(key).contains("{0}");
                assertThat(japanese.getProperty(key)).as(key).contains("{0}");
            }
        }
    }
}
