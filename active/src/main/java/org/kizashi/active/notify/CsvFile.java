package org.kizashi.active.notify;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A CSV report file as it is attached to a mail or written to disk.
 *
 * @param name the file name, such as {@code 2026-11-23-event4_sinkhole-example-net.csv}
 * @param text the whole file: header line first, CRLF line ends (RFC 4180)
 */
public record CsvFile(String name, String text) {
    public CsvFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }

    /** The file's bytes in UTF-8, without byte order mark (as Shadowserver writes them). */
    public byte[] bytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
