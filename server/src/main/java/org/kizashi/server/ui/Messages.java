package org.kizashi.server.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The texts of the web UI, from {@code web/i18n/messages_ja.properties} and {@code messages_en.properties} (UTF-8).
 * Loaded explicitly rather than through ResourceBundle, whose fallback to the JVM's default locale would show
 * Japanese to an English reader on a Japanese machine, or the reverse.
 */
public final class Messages {
    private final Map<Language, Properties> texts = new EnumMap<>(Language.class);

    public Messages() {
        for (Language language : Language.values()) {
            texts.put(language, load("web/i18n/messages_" + language.code() + ".properties"));
        }
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The text for {@code key} with {@code {0}}-style arguments filled in; the key itself, bracketed, when missing. */
    public String get(Language language, String key, Object... args) {
        String text = texts.get(language).getProperty(key);
        if (text == null) {
            return "[" + key + "]";
        }
        return args.length == 0 ? text : new MessageFormat(text, language.locale()).format(args);
    }

    public Set<String> keys(Language language) {
        return texts.get(language).stringPropertyNames();
    }
}
