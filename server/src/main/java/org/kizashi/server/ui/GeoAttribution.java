package org.kizashi.server.ui;

import java.util.List;
import java.util.regex.Pattern;
import org.kizashi.geodata.DefaultGeoDatabases;

/** The credit line of the geolocation data shipped with Kizashi, in the reader's language. */
final class GeoAttribution {
    private static final Pattern JAPANESE = Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");

    private GeoAttribution() {
    }

    /** The paragraphs of {@link DefaultGeoDatabases#attribution()} in {@code language}; all of them if none is. */
    static List<String> text(Language language) {
        String all;
        try {
            all = DefaultGeoDatabases.attribution();
        } catch (RuntimeException | LinkageError e) {
            return List.of(); // the module was built without its data: nothing to credit
        }
        List<String> lines = all.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> mine = lines.stream()
                .filter(l -> JAPANESE.matcher(l).find() == (language == Language.JA)).toList();
        return mine.isEmpty() ? lines : mine;
    }
}
