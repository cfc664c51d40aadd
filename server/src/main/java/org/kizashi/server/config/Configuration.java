package org.kizashi.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective configuration: defaults, then the YAML file, then KIZASHI_* environment variables, then command-line
 * flags, each layer overriding the one before (Keycloak's order). Every value remembers its source, so that
 * {@code show-config} can say why a value is what it is, and an error can say where a bad value came from.
 */
public final class Configuration {
    private record Entry(String value, Source source, String origin) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private Configuration() {
        for (Option o : Options.ALL) {
            entries.put(o.key(), new Entry(o.defaultValue(), Source.DEFAULT, "default"));
        }
    }

    /**
     * Builds the configuration.
     *
     * @param file        YAML file, or null for none
     * @param environment usually {@code System.getenv()}
     * @param flags       values from command-line flags, by option key
     */
    public static Configuration load(Path file, Map<String, String> environment, Map<String, String> flags) {
        Configuration c = new Configuration();
        if (file != null) {
            c.readYaml(file);
        }
        for (Option o : Options.ALL) {
            String value = environment.get(o.environmentVariable());
            if (value != null) {
                c.entries.put(o.key(), new Entry(value, Source.ENVIRONMENT, o.environmentVariable()));
            }
        }
        flags.forEach((key, value) -> {
            Option o = Options.byKey(key).orElseThrow(() -> new IllegalArgumentException("unknown option key " + key));
            if (value != null) {
                c.entries.put(o.key(), new Entry(value, Source.COMMAND_LINE, "command line"));
            }
        });
        return c;
    }

    private void readYaml(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new ConfigurationException("cannot read configuration file " + file + ": " + reason, e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new ConfigurationException("configuration file " + file + ": expected a mapping of settings at the top level");
        }
        flatten("", root, file);
    }

    private void flatten(String prefix, JsonNode node, Path file) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(key, value, file);
                continue;
            }
            Option option = Options.byKey(key).orElseThrow(() -> new ConfigurationException(
                    "configuration file " + file + ": unknown setting '" + key + "' (./kizashi show-config lists them)"));
            if (value.isArray()) {
                // A list of single values (telescope.darknet: [a, b]) is kept as "a,b", as the environment gives it.
                List<String> items = new ArrayList<>();
                for (JsonNode item : value) {
                    if (!item.isValueNode() || item.isNull()) {
                        throw new ConfigurationException("configuration file " + file + ": setting '" + key
                                + "' must be a single value or a list of single values");
                    }
                    items.add(item.asText());
                }
                entries.put(option.key(), new Entry(String.join(",", items), Source.FILE, file.toString()));
                continue;
            }
            if (!value.isValueNode()) {
                throw new ConfigurationException("configuration file " + file + ": setting '" + key + "' must be a single value");
            }
            entries.put(option.key(), new Entry(value.isNull() ? "" : value.asText(), Source.FILE, file.toString()));
        }
    }

    public String get(Option option) {
        return entries.get(option.key()).value();
    }

    public Source source(Option option) {
        return entries.get(option.key()).source();
    }

    /** Where the value came from, for messages: "KIZASHI_HTTP_PORT", "conf/kizashi.yaml", "command line", ... */
    public String origin(Option option) {
        return entries.get(option.key()).origin();
    }

    public boolean isSet(Option option) {
        return !get(option).isBlank();
    }

    public int getInt(Option option, int min, int max) {
        String text = get(option).trim();
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(option.key() + " (from " + origin(option) + "): '" + text
                    + "' is not a number from " + min + " to " + max);
        }
    }

    /** The value split at commas, each item trimmed, empty items left out: for list settings such as telescope.darknet. */
    public List<String> getList(Option option) {
        List<String> items = new ArrayList<>();
        for (String item : get(option).split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    public boolean getBoolean(Option option) {
        String text = get(option).trim().toLowerCase(java.util.Locale.ROOT);
        return switch (text) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0", "" -> false;
            default -> throw new ConfigurationException(option.key() + " (from " + origin(option) + "): '" + text
                    + "' is not true or false");
        };
    }

    /** One line per setting: key, value (secrets masked) and source. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        int width = Options.ALL.stream().mapToInt(o -> o.key().length()).max().orElse(10);
        for (Option o : Options.ALL) {
            Entry e = entries.get(o.key());
            String shown = o.secret() && !e.value().isEmpty() ? "*****" : e.value();
            String origin = e.source() == Source.DEFAULT ? "default"
                    : e.source().label() + (e.origin().equals(e.source().label()) ? "" : " " + e.origin());
            sb.append(String.format("%-" + width + "s  %-40s  (%s)%n", o.key(), shown.isEmpty() ? "\"\"" : shown, origin));
        }
        return sb.toString();
    }
}
