package org.kizashi.active.subscriber;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The sample files under {@code src/test/resources/subscriber}. */
final class TestFiles {
    private TestFiles() {
    }

    static Path sample(String name) {
        URL url = TestFiles.class.getResource("/subscriber/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no sample file " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How problems and evidence name a sample file: its path as given, then the line. */
    static String at(String name, int line) {
        return sample(name) + ":" + line;
    }
}
