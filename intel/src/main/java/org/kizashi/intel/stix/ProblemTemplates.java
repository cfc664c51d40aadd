package org.kizashi.intel.stix;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * The message templates of one language, from problems_&lt;lang&gt;.properties next to this class. The files are read
 * explicitly as UTF-8 (not through ResourceBundle, whose fallback follows the JVM's default locale).
 */
final class ProblemTemplates {
    private static final ProblemTemplates ENGLISH = load("en");
    private static final ProblemTemplates JAPANESE = load("ja");

    private final Properties templates;

    private ProblemTemplates(Properties templates) {
        this.templates = templates;
    }

    static ProblemTemplates forLocale(Locale locale) {
        return locale != null && "ja".equals(locale.getLanguage()) ? JAPANESE : ENGLISH;
    }

    /** Reads problems_&lt;language&gt;.properties as UTF-8. */
    static Properties read(String language) {
        String name = "problems_" + language + ".properties";
        try (InputStream in = ProblemTemplates.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + ProblemTemplates.class);
            }
            Properties properties = new Properties();
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProblemTemplates load(String language) {
        return new ProblemTemplates(read(language));
    }

    String render(StixProblem problem) {
        String where = problem.path().isEmpty() ? template("path.whole") : problem.path();
        String severity = template("severity." + problem.severity().name());
        // Plain replacement, not MessageFormat: details quote values, and MessageFormat gives apostrophes a meaning.
        String body = template("code." + problem.code().name()).replace("{0}", problem.detail());
        return where + ": " + body + " " + severity;
    }

    private String template(String key) {
        String value = templates.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("no message template '" + key + "'");
        }
        return value;
    }
}
