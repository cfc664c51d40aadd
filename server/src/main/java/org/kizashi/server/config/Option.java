package org.kizashi.server.config;

import java.util.Locale;

/**
 * One configuration setting. The same key is written in YAML as nested keys ({@code http: {port: 8080}}), in the
 * environment as {@code KIZASHI_HTTP_PORT} and on the command line as a flag such as {@code --port}.
 */
public record Option(String key, String defaultValue, boolean secret, String description) {

    /** KIZASHI_ followed by the key in upper case with '.' and '-' turned into '_'. */
    public String environmentVariable() {
        return "KIZASHI_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
