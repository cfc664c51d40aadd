package org.kizashi.active.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kizashi.core.active.DomainNames;
import org.kizashi.core.net.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks up the abuse contact of a domain ({@code GET {base}/domain/{name}}) or an address
 * ({@code GET {base}/ip/{address}}) over RDAP (RFC 9082, RFC 9083), to tell the administrator of a
 * malware-distribution site. Each lookup ends within the timeout, whole answer included, and gives an
 * {@link AbuseLookup} naming the query and the server, whatever happened. Safe for use from several threads.
 */
public final class RdapClient {
    private static final Logger LOG = LoggerFactory.getLogger(RdapClient.class);
    /** Real RDAP answers are a few kilobytes; this keeps a broken server from filling the memory. */
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RdapServers servers;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param timeout the longest a lookup may take, from connecting to the end of the answer
     */
    public RdapClient(RdapServers servers, Duration timeout) {
        this(servers, timeout, HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL) // bootstrap redirectors answer 30x; never https to http
                .version(HttpClient.Version.HTTP_1_1)
                .build());
    }

    RdapClient(RdapServers servers, Duration timeout, HttpClient http) {
        this.servers = Objects.requireNonNull(servers, "servers");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
        this.http = Objects.requireNonNull(http, "http");
    }

    /** The abuse contact of the domain {@code name} (any spelling {@link DomainNames} accepts, Japanese too). */
    public AbuseLookup forDomain(String name) {
        String canonical;
        try {
            canonical = DomainNames.canonical(name);
        } catch (IllegalArgumentException e) {
            String query = "domain " + name;
            return new AbuseLookup(query, Optional.empty(), Optional.empty(),
                    "cannot look up " + query + ": " + e.getMessage());
        }
        return lookup("domain " + canonical, servers.forDomain(canonical), "domain/" + canonical);
    }

    /** The abuse contact of the network holding {@code address}. */
    public AbuseLookup forAddress(IpAddress address) {
        return lookup("ip " + address, servers.forAddress(address), "ip/" + address);
    }

    private AbuseLookup lookup(String query, Optional<URI> server, String path) {
        if (server.isEmpty()) {
            return new AbuseLookup(query, server, Optional.empty(), "no RDAP server is configured for " + query);
        }
        URI base = server.get();
        AbuseLookup result = ask(query, base, URI.create(base + "/" + path));
        LOG.debug("{}", result.explanation());
        return result;
    }

    private AbuseLookup ask(String query, URI base, URI url) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Accept", "application/rdap+json, application/json;q=0.9")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(request, info -> new LimitedBody(MAX_ANSWER_BYTES));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return failed(query, base, "RDAP server " + base + " did not answer " + query + " within "
                    + seconds(timeout));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return failed(query, base, "lookup of " + query + " at " + base + " was interrupted");
        } catch (ExecutionException e) {
            return failed(query, base, "RDAP server " + base + " could not be asked for " + query + ": "
                    + reason(e.getCause()));
        }
        return answer(query, base, response);
    }

    private AbuseLookup answer(String query, URI base, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        Parsed parsed = parse(response.body());
        JsonNode json = parsed.json();
        if (status == 404) {
            return failed(query, base, "RDAP server " + base + " has no record of " + query + " (HTTP 404"
                    + title(json) + ")");
        }
        if (status != 200) {
            return failed(query, base, "RDAP server " + base + " answered HTTP " + status + title(json) + " for "
                    + query);
        }
        if (json == null || !json.isObject()) {
            return failed(query, base, "RDAP server " + base + " answered " + query
                    + " with something other than RDAP JSON: " + (json == null ? parsed.problem()
                    : "a JSON " + json.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object"));
        }
        if (json.has("errorCode")) {
            return failed(query, base, "RDAP server " + base + " answered " + query + " with error "
                    + json.path("errorCode").asText() + title(json));
        }
        RdapEntities.Outcome outcome = RdapEntities.contact(json);
        if (outcome.contact().isEmpty()) {
            return failed(query, base, "the RDAP record of " + query + " at " + base + " " + outcome.problem());
        }
        AbuseContact contact = outcome.contact().get();
        String explanation = contact.isAbuseRole()
                ? "abuse contact of " + query + " from " + base + ": " + contact
                : "the RDAP record of " + query + " at " + base + " has no abuse contact; using the " + contact.role()
                        + " contact instead: " + contact;
        return new AbuseLookup(query, Optional.of(base), Optional.of(contact), explanation);
    }

    private static AbuseLookup failed(String query, URI base, String explanation) {
        return new AbuseLookup(query, Optional.of(base), Optional.empty(), explanation);
    }

    /** The answer's JSON, or null with {@code problem} saying why there is none. */
    private record Parsed(JsonNode json, String problem) {
    }

    private static Parsed parse(byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json == null || json.isMissingNode() ? new Parsed(null, "an empty answer") : new Parsed(json, "");
        } catch (JsonProcessingException e) {
            return new Parsed(null, e.getOriginalMessage());
        } catch (IOException e) {
            return new Parsed(null, e.getMessage());
        }
    }

    /** The RDAP error response's title (RFC 9083 section 6), as ": title"; empty when there is none. */
    private static String title(JsonNode json) {
        String title = json == null ? "" : json.path("title").asText("").strip();
        return title.isEmpty() ? "" : ": " + title;
    }

    /** Why the exchange failed, in words: the exceptions of the HTTP client often carry no message. */
    private String reason(Throwable t) {
        String firstMessage = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof HttpConnectTimeoutException) {
                return "no connection within " + seconds(timeout);
            }
            if (c instanceof ConnectException) {
                return "connection refused or host unreachable";
            }
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            if (c instanceof TooLarge) {
                return c.getMessage();
            }
            if (firstMessage == null && c.getMessage() != null && !c.getMessage().isBlank()) {
                firstMessage = c.getMessage();
            }
        }
        return firstMessage != null ? firstMessage : t.getClass().getSimpleName();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    /** An answer over the size limit. */
    private static final class TooLarge extends IOException {
        TooLarge(int limit) {
            super("answer larger than " + limit + " bytes");
        }
    }

    /** Collects the answer's bytes and gives up past the limit. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge(limit));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }

    @Override
    public String toString() {
        return "RdapClient[" + servers + ", timeout " + timeout + "]";
    }
}
