package org.kizashi.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A test client that keeps cookies like a browser and speaks JSON. */
public final class HttpClientSession {
    public record Answer(int status, String body, HttpResponse<String> response) {
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    private final String base;
    private final HttpClient client;
    private String csrf;
    private String bearer;

    public HttpClientSession(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public HttpClientSession csrf(String token) {
        this.csrf = token;
        return this;
    }

    public HttpClientSession bearer(String token) {
        this.bearer = token;
        return this;
    }

    public Answer get(String path, String... headers) {
        return send(builder(path, headers).GET());
    }

    public Answer head(String path) {
        return send(builder(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    public Answer delete(String path) {
        return send(builder(path).DELETE());
    }

    public Answer post(String path, String json) {
        return send(builder(path, "Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer patch(String path, String json) {
        return send(builder(path, "Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer form(String path, String urlEncoded, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/x-www-form-urlencoded";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send(builder(path, all).POST(HttpRequest.BodyPublishers.ofString(urlEncoded)));
    }

    public Answer login(String username, String password) {
        Answer a = post("/api/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        if (a.status() == 200) {
            csrf = a.json().get("csrfToken").asText();
        }
        return a;
    }

    private HttpRequest.Builder builder(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
