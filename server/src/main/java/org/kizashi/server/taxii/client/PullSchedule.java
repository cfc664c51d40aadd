package org.kizashi.server.taxii.client;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.server.config.ConfigurationException;

/**
 * The remote TAXII 2.1 collections the server pulls on a schedule, read from the JSON file the option
 * {@code intel.pulls} names:
 *
 * <pre>{@code
 * {"pulls": [
 *   {"name": "us-partner",
 *    "url": "https://hub.example/taxii2/api1/collections/UUID/",
 *    "community": "セプター協議会 / CEPTOAR Council", "level": "amber", "provider": "Partner CERT",
 *    "every": "PT1H",
 *    "user": "kizashi", "passwordFile": "/etc/kizashi/us.pw",
 *    "tokenFile": null, "trustStore": null, "trustStorePassword": "", "limit": 1000}
 * ]}
 * }</pre>
 *
 * <p>{@code name}, {@code url}, {@code community} (name or collection id), {@code level} and {@code provider} are
 * required; {@code every} is an ISO-8601 duration or {@code 15m}, {@code 1h}, {@code 1d} (default 1 hour, at least 1
 * minute). Credentials are HTTP Basic ({@code user} with {@code passwordFile}), a bearer token ({@code tokenFile}) or
 * none. Secrets are only ever read from files (relative paths are taken from the schedule file's directory), so that
 * the schedule itself can be shown and versioned; the trust store's password guards its integrity only and may be
 * written inline.
 *
 * <p>The file is read strictly: unknown fields, wrong types and duplicate keys are errors, and every error names the
 * file and the JSON Pointer of the field, so that a typo never silently pulls into the wrong place.
 */
public record PullSchedule(Path file, List<Subscription> pulls) {
    public static final Duration MINIMUM_INTERVAL = Duration.ofMinutes(1);
    public static final Duration MAXIMUM_INTERVAL = Duration.ofDays(365);
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})\\s*([smhd])", Pattern.CASE_INSENSITIVE);

    public PullSchedule {
        pulls = List.copyOf(pulls);
    }

    /**
     * One remote collection pulled into one community: the names of the community and provider as written (resolved
     * by {@link ScheduledPulls} against the database), the rest checked.
     *
     * @param pointer JSON Pointer of the entry in the file ({@code /pulls/0}), for messages
     */
    public record Subscription(String pointer, String name, URI collection, String community, SharingLevel level,
                               String provider, Duration every, Optional<String> user, Optional<Path> passwordFile,
                               Optional<Path> tokenFile, Optional<Path> trustStore, String trustStorePassword,
                               OptionalInt limit) {

        /**
         * A client builder for one run. The secrets are read now, not at start, so that a rotated password or token
         * takes effect at the next run without a restart.
         *
         * @throws IOException when a secret file or the trust store cannot be read
         */
        TaxiiClient.Builder client() throws IOException {
            TaxiiClient.Builder builder = TaxiiClient.forCollection(collection.toString()).credentials(credentials());
            limit.ifPresent(builder::limit);
            if (trustStore.isPresent()) {
                builder.trustStore(trustStore.get(), trustStorePassword.toCharArray());
            }
            return builder;
        }

        private TaxiiClient.Credentials credentials() throws IOException {
            if (user.isPresent()) {
                return TaxiiClient.Credentials.basic(user.get(), secret(passwordFile.orElseThrow()));
            }
            if (tokenFile.isPresent()) {
                return TaxiiClient.Credentials.bearer(secret(tokenFile.get()).strip());
            }
            return TaxiiClient.Credentials.none();
        }
    }

    /** The file as Jackson binds it, before checking; unknown fields fail the binding. */
    record FileJson(List<EntryJson> pulls) {
    }

    /** One entry as Jackson binds it. */
    record EntryJson(String name, String url, String community, String level, String provider, String every,
                     String user, String passwordFile, String tokenFile, String trustStore,
                     String trustStorePassword, Integer limit) {
    }

    /**
     * Reads and checks a schedule file.
     *
     * @throws ConfigurationException naming the file and the JSON Pointer of every problem found
     */
    public static PullSchedule read(Path file) {
        return read(file, MINIMUM_INTERVAL);
    }

    /** As {@link #read(Path)}, with a shorter minimum interval: for tests, which cannot wait minutes. */
    static PullSchedule read(Path file, Duration minimumInterval) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("cannot read the pull schedule " + file + ": no such file", e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the pull schedule " + file + ": " + e.getMessage(), e);
        }
        if (new String(content, StandardCharsets.UTF_8).isBlank()) {
            throw new ConfigurationException(file + ": the file is empty (write {\"pulls\": []} for no pulls)");
        }
        FileJson parsed;
        try {
            parsed = mapper().readValue(content, FileJson.class);
        } catch (JsonProcessingException e) {
            // Binding wraps the parser's errors: a syntax error is told by its place in the text, not its pointer.
            StreamReadException syntax = e instanceof StreamReadException r ? r
                    : e.getCause() instanceof StreamReadException r ? r : null;
            if (syntax != null || !(e instanceof JsonMappingException)) {
                JsonProcessingException cause = syntax != null ? syntax : e;
                JsonLocation at = cause.getLocation();
                String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
                throw new ConfigurationException(file + ": " + where + "not JSON: "
                        + firstLine(cause.getOriginalMessage()), e);
            }
            JsonMappingException binding = (JsonMappingException) e;
            throw new ConfigurationException(file + ": " + pointer(binding) + ": " + bindingProblem(binding), e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the pull schedule " + file + ": " + e.getMessage(), e);
        }
        return new Checker(file, minimumInterval).check(parsed);
    }

    /** Jackson told to accept only what the file format says: no coercions, no unknown fields, no duplicates. */
    private static ObjectMapper mapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** The JSON Pointer of where binding failed: "" (the whole document) shown as "/". */
    private static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            pointer.append('/');
            if (reference.getFieldName() != null) {
                pointer.append(reference.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else if (reference.getIndex() >= 0) {
                pointer.append(reference.getIndex());
            }
        }
        return pointer.isEmpty() ? "/" : pointer.toString();
    }

    private static String bindingProblem(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String name = unknown.getPropertyName();
            String hint = switch (name) {
                case "password" -> " (secrets are read from files only: use passwordFile)";
                case "token" -> " (secrets are read from files only: use tokenFile)";
                default -> "";
            };
            String known = unknown.getKnownPropertyIds() == null ? "" : " (known: " + unknown.getKnownPropertyIds()
                    .stream().map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")";
            return "unknown field '" + name + "'" + (hint.isEmpty() ? known : hint);
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            Class<?> type = mismatched.getTargetType();
            String expected = type == String.class ? "a string"
                    : type == Integer.class || type == int.class ? "a whole number"
                    : List.class.isAssignableFrom(type) || type.isArray() ? "a list"
                    : "an object";
            return "expected " + expected;
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String firstLine(String message) {
        return message == null ? "malformed" : message.lines().findFirst().orElse("malformed");
    }

    /** Checks the bound file entry by entry, collecting every problem before it gives up. */
    private static final class Checker {
        private final Path file;
        private final Duration minimumInterval;
        private final List<String> problems = new ArrayList<>();

        Checker(Path file, Duration minimumInterval) {
            this.file = file;
            this.minimumInterval = minimumInterval;
        }

        PullSchedule check(FileJson parsed) {
            if (parsed.pulls() == null) {
                throw new ConfigurationException(file + ": /pulls: missing (a list of pulls; [] for none)");
            }
            List<Subscription> subscriptions = new ArrayList<>();
            Map<String, String> pointerByName = new HashMap<>();
            for (int i = 0; i < parsed.pulls().size(); i++) {
                String at = "/pulls/" + i;
                EntryJson entry = parsed.pulls().get(i);
                if (entry == null) {
                    problem(at, "expected an object");
                    continue;
                }
                Optional<Subscription> subscription = entry(at, entry);
                subscription.ifPresent(s -> {
                    String earlier = pointerByName.putIfAbsent(s.name(), s.pointer());
                    if (earlier != null) {
                        problem(at + "/name", "'" + s.name() + "' is already the name of " + earlier);
                    }
                    subscriptions.add(s);
                });
            }
            if (!problems.isEmpty()) {
                throw new ConfigurationException(String.join("\n", problems));
            }
            return new PullSchedule(file, subscriptions);
        }

        private Optional<Subscription> entry(String at, EntryJson e) {
            int before = problems.size();
            String name = required(at + "/name", e.name());
            URI collection = null;
            String url = required(at + "/url", e.url());
            if (url != null) {
                try {
                    collection = TaxiiClient.collectionUri(url);
                } catch (IllegalArgumentException ex) {
                    problem(at + "/url", ex.getMessage());
                }
            }
            String community = required(at + "/community", e.community());
            SharingLevel level = null;
            String levelText = required(at + "/level", e.level());
            if (levelText != null) {
                try {
                    level = SharingLevel.parse(levelText);
                } catch (IllegalArgumentException ex) {
                    problem(at + "/level", ex.getMessage());
                }
            }
            String provider = required(at + "/provider", e.provider());
            Duration every = e.every() == null ? DEFAULT_INTERVAL : interval(at + "/every", e.every());

            Optional<String> user = Optional.ofNullable(e.user());
            Optional<Path> passwordFile = secretFile(at + "/passwordFile", e.passwordFile());
            Optional<Path> tokenFile = secretFile(at + "/tokenFile", e.tokenFile());
            if (user.isPresent() && (user.get().isBlank() || user.get().indexOf(':') >= 0)) {
                problem(at + "/user", "a user name is not blank and holds no ':'");
            }
            if (user.isPresent() && tokenFile.isPresent()) {
                problem(at + "/tokenFile", "give either user (with passwordFile) or tokenFile, not both");
            } else if (user.isPresent() && e.passwordFile() == null) {
                problem(at + "/passwordFile", "user '" + user.get() + "' needs a passwordFile");
            } else if (user.isEmpty() && e.passwordFile() != null) {
                problem(at + "/user", "passwordFile needs a user");
            }

            Optional<Path> trustStore = Optional.ofNullable(e.trustStore()).map(this::resolve);
            String trustStorePassword = e.trustStorePassword() == null ? "" : e.trustStorePassword();
            if (trustStore.isPresent() && collection != null) {
                try {
                    TaxiiClient.forCollection(collection.toString()).trustStore(trustStore.get(),
                            trustStorePassword.toCharArray());
                } catch (IOException ex) {
                    problem(at + "/trustStore", ex.getMessage());
                }
            } else if (trustStore.isEmpty() && !trustStorePassword.isEmpty()) {
                problem(at + "/trustStorePassword", "a trust store password needs a trustStore");
            }
            if (e.limit() != null && e.limit() < 1) {
                problem(at + "/limit", "the page size must be positive, got " + e.limit());
            }
            if (problems.size() > before) {
                return Optional.empty();
            }
            return Optional.of(new Subscription(at, name, collection, community, level, provider, every, user,
                    passwordFile, tokenFile, trustStore, trustStorePassword,
                    e.limit() == null ? OptionalInt.empty() : OptionalInt.of(e.limit())));
        }

        private String required(String at, String value) {
            if (value == null) {
                problem(at, "missing");
                return null;
            }
            if (value.isBlank()) {
                problem(at, "empty");
                return null;
            }
            return value.strip();
        }

        private Duration interval(String at, String text) {
            Duration every;
            try {
                every = parseInterval(text);
            } catch (IllegalArgumentException ex) {
                problem(at, ex.getMessage());
                return DEFAULT_INTERVAL;
            }
            if (every.compareTo(minimumInterval) < 0) {
                problem(at, "'" + text + "' is shorter than the minimum of " + describe(minimumInterval)
                        + " (remote hubs should not be polled harder)");
            } else if (every.compareTo(MAXIMUM_INTERVAL) > 0) {
                problem(at, "'" + text + "' is longer than the maximum of " + describe(MAXIMUM_INTERVAL));
            }
            return every;
        }

        /** A secret file must exist and hold something now, so that a typo fails at start and not at 3 a.m. */
        private Optional<Path> secretFile(String at, String text) {
            if (text == null) {
                return Optional.empty();
            }
            if (text.isBlank()) {
                problem(at, "empty");
                return Optional.empty();
            }
            Path path = resolve(text);
            try {
                if (secret(path).isBlank()) {
                    problem(at, path + " is empty");
                }
            } catch (IOException ex) {
                problem(at, ex.getMessage());
            }
            return Optional.of(path);
        }

        private Path resolve(String text) {
            Path path = Path.of(text.strip());
            Path directory = file.toAbsolutePath().getParent();
            return path.isAbsolute() || directory == null ? path : directory.resolve(path);
        }

        private void problem(String pointer, String message) {
            problems.add(file + ": " + pointer + ": " + message);
        }
    }

    /**
     * An interval: an ISO-8601 duration ({@code PT15M}, {@code P1D}) or a number with a unit ({@code 30s}, {@code 15m},
     * {@code 1h}, {@code 1d}).
     *
     * @throws IllegalArgumentException naming the text and the forms expected
     */
    static Duration parseInterval(String text) {
        String t = Objects.requireNonNull(text, "text").strip();
        Matcher m = SHORT_DURATION.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(t);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not an interval (expected an ISO-8601 duration such "
                    + "as PT1H, or 15m, 1h, 1d)", e);
        }
    }

    /** An interval as people write it: 15m, 1h, 1d, or ISO-8601 when it is not whole minutes. */
    static String describe(Duration d) {
        long seconds = d.toSeconds();
        if (d.toNanosPart() != 0 || seconds == 0) {
            return d.toString();
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** A secret file's content ({@link TaxiiClient.Credentials#secretFile}), with what went wrong named. */
    static String secret(Path file) throws IOException {
        try {
            return TaxiiClient.Credentials.secretFile(file);
        } catch (NoSuchFileException e) {
            throw new IOException("no such file " + file, e);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
