package org.kizashi.active.notify;

import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the outbox reaches its mail server.
 *
 * @param host           the SMTP server
 * @param port           its port (25, 587...)
 * @param startTls       whether to require STARTTLS (the server's certificate and name are checked): no mail goes
 *                       out in clear when the server does not offer it
 * @param login          user and password when the server wants a login
 * @param from           the sender: the envelope's MAIL FROM, and the From header of mails that have none
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout    how long to wait for each answer of the server
 */
public record SmtpSettings(String host, int port, boolean startTls, Optional<Login> login, InternetAddress from,
                           Duration connectTimeout, Duration readTimeout) {

    /** A login; the password is never shown by {@link #toString()}. */
    public record Login(String user, String password) {
        public Login {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return user + ":***";
        }
    }

    public SmtpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("SMTP host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SMTP port out of range: " + port);
        }
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(from, "from");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    /** Plain SMTP without login, 10 s to connect and 30 s per answer. */
    public static SmtpSettings of(String host, int port, InternetAddress from) {
        return new SmtpSettings(host, port, false, Optional.empty(), from, Duration.ofSeconds(10),
                Duration.ofSeconds(30));
    }

    public SmtpSettings withStartTls() {
        return new SmtpSettings(host, port, true, login, from, connectTimeout, readTimeout);
    }

    public SmtpSettings withLogin(String user, String password) {
        return new SmtpSettings(host, port, startTls, Optional.of(new Login(user, password)), from, connectTimeout,
                readTimeout);
    }

    public SmtpSettings withTimeouts(Duration connect, Duration read) {
        return new SmtpSettings(host, port, startTls, login, from, connect, read);
    }

    /** host:port (IPv6 hosts in brackets), as errors name the server. */
    public String server() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
