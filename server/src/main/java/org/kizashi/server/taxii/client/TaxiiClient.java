package org.kizashi.server.taxii.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.kizashi.server.taxii.TaxiiApi;

/**
 * A TAXII 2.1 client for one remote collection: reads its objects page by page, newest date added last, and hands each
 * page to a consumer as a STIX 2.1 bundle.
 *
 * <p>Pages follow the server's {@code next}; a server that says {@code more} without a {@code next} is paged by its
 * {@code X-TAXII-Date-Added-Last} as the next {@code added_after}, as the specification allows. Every answer must be
 * {@code application/taxii+json;version=2.1}; errors name the URL, the HTTP status and the TAXII error message.
 * Redirects are followed only to the same host (credentials go with every request), at most {@value #MAX_REDIRECTS}
 * times.
 */
public final class TaxiiClient implements AutoCloseable {
    static final int MAX_REDIRECTS = 5;
    /** A page larger than this is refused rather than held in memory; real pages are far smaller. */
    static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final URI collection;
    private final Credentials credentials;
    private final OptionalInt limit;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    private TaxiiClient(Builder b) {
        this.collection = b.collection;
        this.credentials = b.credentials;
        this.limit = b.limit;
        this.requestTimeout = b.requestTimeout;
        HttpClient.Builder http = HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER); // followed by hand: see get()
        if (b.sslContext != null) {
            http.sslContext(b.sslContext);
        }
        this.http = http.build();
    }

    /**
     * Starts a client for a collection URL such as {@code https://hub.example/taxii2/root/collections/ID/}.
     *
     * @throws IllegalArgumentException when the URL is not an http(s) URL of a TAXII collection
     */
    public static Builder forCollection(String url) {
        return new Builder(collectionUri(url));
    }

    /** The collection URL, normalised to end with a slash. */
    public URI collection() {
        return collection;
    }

    /** The collection URL with a trailing slash; its path must end in {@code /collections/ID}. */
    static URI collectionUri(String url) {
        String expected = " (expected a TAXII 2.1 collection URL like https://HOST/API-ROOT/collections/ID/)";
        URI uri;
        try {
            uri = new URI(Objects.requireNonNull(url, "url").trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getReason() + expected, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + url + "' is not an http or https URL with a host" + expected);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + url + "' carries credentials: give them as options instead");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + url + "' has a query or fragment" + expected);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        if (!path.matches(".*/collections/[^/]+/")) {
            throw new IllegalArgumentException("'" + url + "' is not a TAXII collection URL" + expected);
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    // ---- the collection and its objects

    /** What the server says of the collection. */
    public record Collection(String id, String title, boolean canRead) {
    }

    /** Reads the collection resource: the way to tell a TAXII collection from any other URL. */
    public Collection describe() throws RemoteFailure, InterruptedException {
        JsonNode c = taxii(get(collection));
        if (!c.path("id").isTextual() || !c.has("can_read")) {
            throw new RemoteFailure(collection, 200, "not a TAXII collection",
                    "the answer has no 'id' and 'can_read': is this a TAXII 2.1 collection URL?");
        }
        return new Collection(c.path("id").asText(), c.path("title").asText(""), c.path("can_read").asBoolean());
    }

    /**
     * One page of objects, as a STIX 2.1 bundle built in memory.
     *
     * @param number        1 for the first page of a pull
     * @param objects       how many objects the bundle holds
     * @param dateAddedLast the server's {@code X-TAXII-Date-Added-Last} for the page, when it gave one: where a later
     *                      pull continues
     */
    public record Page(int number, int objects, Optional<Instant> dateAddedLast, byte[] bundleJson) {
        /** The bundle, to read. */
        public InputStream bundle() {
            return new ByteArrayInputStream(bundleJson);
        }
    }

    /**
     * Reads every object added after a moment (or all of them), page by page, and hands each page that holds objects
     * to {@code consumer} before it asks for the next. Checks first that the URL is a collection these credentials
     * may read.
     *
     * @return how many pages were read (with or without objects)
     * @throws RemoteFailure when the server cannot be reached, answers an error or something that is not TAXII 2.1;
     *                       the pages handed over before stay handed over
     */
    public int pull(Optional<Instant> addedAfter, Consumer<Page> consumer) throws RemoteFailure, InterruptedException {
        Collection c = describe();
        if (!c.canRead()) {
            throw new RemoteFailure(collection, 200, "cannot read",
                    "the collection '" + c.title() + "' says can_read: false for these credentials");
        }
        Optional<Instant> after = addedAfter;
        String next = null;
        int pages = 0;
        while (true) {
            URI uri = objectsUri(after, Optional.ofNullable(next));
            Answer answer = get(uri);
            JsonNode envelope = taxii(answer);
            JsonNode objects = envelope.path("objects");
            if (!objects.isMissingNode() && !objects.isArray()) {
                throw new RemoteFailure(uri, answer.status(), "not an envelope", "'objects' is not a list");
            }
            Optional<Instant> dateAddedLast = timestampHeader(answer, "X-TAXII-Date-Added-Last");
            pages++;
            if (!objects.isEmpty()) {
                consumer.accept(new Page(pages, objects.size(), dateAddedLast, bundle((ArrayNode) objects)));
            }
            if (!envelope.path("more").asBoolean(false)) {
                return pages;
            }
            JsonNode cursor = envelope.path("next");
            if (cursor.isTextual() && !cursor.asText().isEmpty()) {
                if (cursor.asText().equals(next)) {
                    throw new RemoteFailure(uri, answer.status(), "paging does not advance",
                            "the server gave the same 'next' twice");
                }
                next = cursor.asText();
                continue;
            }
            // No cursor: continue after the last date added, with the same filters.
            if (dateAddedLast.isEmpty()) {
                throw new RemoteFailure(uri, answer.status(), "cannot page", "the server says 'more' but gives "
                        + "neither 'next' nor an X-TAXII-Date-Added-Last header");
            }
            if (after.isPresent() && !dateAddedLast.get().isAfter(after.get())) {
                throw new RemoteFailure(uri, answer.status(), "paging does not advance",
                        "X-TAXII-Date-Added-Last " + TaxiiApi.timestamp(dateAddedLast.get())
                                + " is not after added_after");
            }
            after = dateAddedLast;
            next = null;
        }
    }

    private URI objectsUri(Optional<Instant> addedAfter, Optional<String> next) {
        List<String> query = new ArrayList<>();
        // A cursor belongs to its query (a server may check): the same added_after and limit go along with it.
        addedAfter.ifPresent(a -> query.add("added_after=" + encode(TaxiiApi.timestamp(a))));
        limit.ifPresent(l -> query.add("limit=" + l));
        next.ifPresent(n -> query.add("next=" + encode(n)));
        return URI.create(collection + "objects/" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    }

    private byte[] bundle(ArrayNode objects) throws RemoteFailure {
        ObjectNode bundle = json.createObjectNode();
        bundle.put("type", "bundle");
        bundle.put("id", "bundle--" + UUID.randomUUID());
        bundle.set("objects", objects);
        try {
            return json.writeValueAsBytes(bundle);
        } catch (JsonProcessingException e) {
            throw new RemoteFailure(collection, 0, "cannot build a bundle", e.getOriginalMessage());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Optional<Instant> timestampHeader(Answer answer, String name) throws RemoteFailure {
        Optional<String> text = answer.response().headers().firstValue(name);
        if (text.isEmpty() || text.get().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.get().trim()));
        } catch (DateTimeParseException e) {
            throw new RemoteFailure(answer.uri(), answer.status(), "bad header",
                    name + " '" + text.get() + "' is not a timestamp");
        }
    }

    // ---- HTTP

    /** An answer read whole (up to {@link #MAX_ANSWER_BYTES}), with the URL that gave it. */
    private record Answer(URI uri, HttpResponse<InputStream> response, byte[] body) {
        int status() {
            return response.statusCode();
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }
    }

    /** GET with the TAXII Accept header and the credentials, following redirects that stay on the same host. */
    private Answer get(URI uri) throws RemoteFailure, InterruptedException {
        URI target = uri;
        for (int redirects = 0; ; redirects++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(requestTimeout)
                    .header("Accept", TaxiiApi.TAXII).GET();
            credentials.authorization().ifPresent(a -> request.header("Authorization", a));
            HttpResponse<InputStream> response = send(target, request.build());
            int status = response.statusCode();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                discard(response);
                target = redirectTarget(target, response, redirects);
                continue;
            }
            try (InputStream in = response.body()) {
                byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
                if (body.length > MAX_ANSWER_BYTES) {
                    throw new RemoteFailure(target, status, "answer too large",
                            "more than " + MAX_ANSWER_BYTES + " bytes; ask for smaller pages (limit)");
                }
                return new Answer(target, response, body);
            } catch (IOException e) {
                throw new RemoteFailure(target, status, "cannot read the answer", detail(e));
            }
        }
    }

    private HttpResponse<InputStream> send(URI target, HttpRequest request) throws RemoteFailure,
            InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new RemoteFailure(target, 0, "cannot connect", "no connection within " + seconds(
                    http.connectTimeout().orElse(DEFAULT_CONNECT_TIMEOUT)));
        } catch (HttpTimeoutException e) {
            throw new RemoteFailure(target, 0, "no answer", "no answer within " + seconds(requestTimeout));
        } catch (ConnectException e) {
            String detail = e.getMessage() == null || e.getMessage().isBlank() ? "refused or closed" : e.getMessage();
            throw new RemoteFailure(target, 0, "cannot connect", "no connection to " + target.getHost() + ":"
                    + port(target) + " (" + detail + ")");
        } catch (SSLHandshakeException e) {
            throw new RemoteFailure(target, 0, "TLS handshake failed", detail(e)
                    + " (is the server's certificate trusted? a PKCS#12 trust store can be given)");
        } catch (IOException e) {
            throw new RemoteFailure(target, 0, "request failed", detail(e));
        }
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    private static String detail(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getCause() != null ? detail(e.getCause()) : e.getClass().getSimpleName();
        }
        return message;
    }

    private static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.skip(64 * 1024);
        } catch (IOException e) {
            // the body of a redirect is of no use; the connection is dropped instead of reused
        }
    }

    private static URI redirectTarget(URI from, HttpResponse<InputStream> response, int redirects)
            throws RemoteFailure {
        int status = response.statusCode();
        Optional<String> location = response.headers().firstValue("Location");
        if (location.isEmpty()) {
            throw new RemoteFailure(from, status, "redirect without Location", "the server redirects nowhere");
        }
        URI to;
        try {
            to = from.resolve(new URI(location.get().trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new RemoteFailure(from, status, "bad redirect", "Location '" + location.get() + "' is not a URL");
        }
        // The credentials go with every request: never to another host, never from https down to http.
        if (!sameServer(from, to)) {
            throw new RemoteFailure(from, status, "redirect not followed", "redirected to " + to
                    + ", another server; not followed, since the credentials would go along (use that URL if you "
                    + "trust it)");
        }
        if (redirects >= MAX_REDIRECTS) {
            throw new RemoteFailure(from, status, "too many redirects", "more than " + MAX_REDIRECTS + " in a row");
        }
        return to;
    }

    /** Same host, and the same scheme and port or an upgrade from http to https. */
    static boolean sameServer(URI from, URI to) {
        if (to.getHost() == null || !to.getHost().equalsIgnoreCase(from.getHost())) {
            return false;
        }
        String a = from.getScheme().toLowerCase(Locale.ROOT);
        String b = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        if (a.equals("http") && b.equals("https")) {
            return true;
        }
        return a.equals(b) && port(from) == port(to);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** The JSON object of a successful TAXII 2.1 answer; anything else becomes a {@link RemoteFailure}. */
    private JsonNode taxii(Answer answer) throws RemoteFailure {
        int status = answer.status();
        String type = answer.contentType();
        if (status != 200) {
            String title = "";
            String description = "";
            if (isTaxii(type)) {
                JsonNode error = parseQuietly(answer.body());
                title = error.path("title").asText("");
                description = error.path("description").asText("");
            }
            if (title.isEmpty() && description.isEmpty()) {
                title = reason(status);
                description = "no TAXII error message (the answer is " + (type.isEmpty() ? "of no type" : type)
                        + "): is this a TAXII 2.1 collection URL?";
            }
            throw new RemoteFailure(answer.uri(), status, title, description);
        }
        if (!isTaxii21(type)) {
            throw new RemoteFailure(answer.uri(), status, "not a TAXII 2.1 answer", "the answer is "
                    + (type.isEmpty() ? "of no type" : type) + ", not " + TaxiiApi.TAXII
                    + ": is this a TAXII 2.1 collection URL?");
        }
        JsonNode body = parseQuietly(answer.body());
        if (!body.isObject()) {
            throw new RemoteFailure(answer.uri(), status, "not a TAXII 2.1 answer", "the answer is not a JSON object");
        }
        return body;
    }

    /** The usual reason phrase, for answers that bring no TAXII error message. */
    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 406 -> "Not acceptable";
            case 429 -> "Too many requests";
            case 500 -> "Internal server error";
            case 502 -> "Bad gateway";
            case 503 -> "Service unavailable";
            case 504 -> "Gateway timeout";
            default -> "error";
        };
    }

    private JsonNode parseQuietly(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            return node == null ? json.missingNode() : node;
        } catch (IOException e) {
            return json.missingNode();
        }
    }

    private static boolean isTaxii(String contentType) {
        return mediaType(contentType).equals("application/taxii+json");
    }

    /** TAXII's media type, version 2.1 (a missing version parameter is taken as 2.1). */
    static boolean isTaxii21(String contentType) {
        if (!isTaxii(contentType)) {
            return false;
        }
        for (String parameter : contentType.split(";")) {
            String p = parameter.trim();
            if (p.regionMatches(true, 0, "version=", 0, 8)) {
                return p.substring(8).trim().replace("\"", "").equals("2.1");
            }
        }
        return true;
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        http.close();
    }

    // ---- credentials, errors, building

    /** How the client authenticates: HTTP Basic, a bearer token, or not at all. The secrets never print. */
    public static final class Credentials {
        private final Optional<String> authorization;
        private final String description;

        private Credentials(Optional<String> authorization, String description) {
            this.authorization = authorization;
            this.description = description;
        }

        public static Credentials none() {
            return new Credentials(Optional.empty(), "no credentials");
        }

        /**
         * A password or token kept in a file: its content without the line break an editor or echo leaves at its end.
         *
         * @throws java.nio.file.NoSuchFileException when there is no such file
         */
        public static String secretFile(Path file) throws IOException {
            return Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\\R+\\z", "");
        }

        public static Credentials basic(String user, String password) {
            if (user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("an HTTP Basic user name cannot contain ':'");
            }
            String pair = user + ":" + password;
            return new Credentials(Optional.of("Basic " + Base64.getEncoder()
                    .encodeToString(pair.getBytes(StandardCharsets.UTF_8))), "user " + user);
        }

        public static Credentials bearer(String token) {
            if (token.isBlank() || token.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
                throw new IllegalArgumentException("a bearer token is one word of printable ASCII");
            }
            return new Credentials(Optional.of("Bearer " + token), "a bearer token");
        }

        Optional<String> authorization() {
            return authorization;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /**
     * The remote server could not be reached or did not answer as a TAXII 2.1 collection: the URL asked, the HTTP
     * status (0 when there was no answer), and the TAXII error message's title and description when it gave one.
     */
    public static final class RemoteFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final URI uri;
        private final int status;
        private final String title;
        private final String description;

        RemoteFailure(URI uri, int status, String title, String description) {
            super(message(uri, status, title, description));
            this.uri = uri;
            this.status = status;
            this.title = title;
            this.description = description;
        }

        private static String message(URI uri, int status, String title, String description) {
            StringBuilder b = new StringBuilder("GET ").append(uri).append(": ");
            if (status > 0) {
                b.append("HTTP ").append(status).append(' ');
            }
            b.append(title.isEmpty() ? "error" : title);
            if (!description.isEmpty()) {
                b.append(": ").append(description);
            }
            return b.toString();
        }

        public URI uri() {
            return uri;
        }

        /** The HTTP status, or 0 when no answer came. */
        public int status() {
            return status;
        }

        public String title() {
            return title;
        }

        public String description() {
            return description;
        }
    }

    /** Options of a client; {@link #build()} makes it. */
    public static final class Builder {
        private final URI collection;
        private Credentials credentials = Credentials.none();
        private OptionalInt limit = OptionalInt.empty();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private SSLContext sslContext;

        private Builder(URI collection) {
            this.collection = collection;
        }

        public Builder credentials(Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Objects to ask for per page (the server may give fewer); by default the server decides. */
        public Builder limit(int objectsPerPage) {
            if (objectsPerPage < 1) {
                throw new IllegalArgumentException("the page size must be positive, got " + objectsPerPage);
            }
            this.limit = OptionalInt.of(objectsPerPage);
            return this;
        }

        public Builder timeouts(Duration connect, Duration request) {
            this.connectTimeout = Objects.requireNonNull(connect, "connect");
            this.requestTimeout = Objects.requireNonNull(request, "request");
            return this;
        }

        /**
         * Trusts the certificates of a PKCS#12 trust store instead of the JDK's default trust store: for a hub whose
         * certificate comes from a private CA.
         *
         * @throws IOException when the file cannot be read or is not a PKCS#12 store with that password
         */
        public Builder trustStore(Path pkcs12, char[] password) throws IOException {
            try (InputStream in = Files.newInputStream(pkcs12)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, password);
                TrustManagerFactory trust = TrustManagerFactory
                        .getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                this.sslContext = context;
                return this;
            } catch (NoSuchFileException e) {
                throw new IOException("trust store " + pkcs12 + ": no such file", e);
            } catch (GeneralSecurityException | IOException e) {
                throw new IOException("trust store " + pkcs12 + " is not a readable PKCS#12 store with that "
                        + "password: " + detail(e), e);
            }
        }

        public TaxiiClient build() {
            return new TaxiiClient(this);
        }
    }
}
