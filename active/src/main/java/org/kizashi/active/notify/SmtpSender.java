package org.kizashi.active.notify;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * One SMTP connection, opened when the first mail is sent and kept for the next ones of the same run. When the
 * server cannot be reached, the rest of the run fails at once instead of waiting out a timeout per mail. Every failure
 * comes out as a {@link Failure} that names the server and says whether trying again can help.
 */
final class SmtpSender implements AutoCloseable {

    /** Why a mail did not go out. Permanent when the server refused it for good (a 5xx reply). */
    static final class Failure extends Exception {
        private final boolean permanent;

        Failure(String message, boolean permanent, Throwable cause) {
            super(message, cause);
            this.permanent = permanent;
        }

        boolean permanent() {
            return permanent;
        }
    }

    private final SmtpSettings settings;
    private final Session session;
    private Transport transport;
    /** Set when connecting failed: the other mails of the run fail the same way without waiting again. */
    private Failure connectFailure;

    SmtpSender(SmtpSettings settings) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
    }

    static Properties properties(SmtpSettings settings) {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(settings.connectTimeout().toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(settings.readTimeout().toMillis()));
        p.setProperty("mail.smtp.writetimeout", Long.toString(settings.readTimeout().toMillis()));
        p.setProperty("mail.smtp.from", settings.from().getAddress());
        // Named after the sender's domain rather than looked up in DNS, which may hang or give "localhost".
        p.setProperty("mail.smtp.localhost", MailParts.domainOf(settings.from()));
        p.setProperty("mail.smtp.auth", Boolean.toString(settings.login().isPresent()));
        if (settings.startTls()) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
            p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        }
        return p;
    }

    /**
     * Sends {@code message} to {@code recipients}.
     *
     * @return the server's answer to the mail, such as "250 2.0.0 Ok: queued as 4B2C1"
     */
    String send(byte[] message, List<String> recipients) throws Failure {
        Address[] to = addresses(recipients);
        SMTPTransport smtp = connected();
        try {
            MimeMessage mail = new MimeMessage(session, new ByteArrayInputStream(message));
            smtp.sendMessage(mail, to);
            String answer = smtp.getLastServerResponse();
            return answer == null ? "" : answer.strip();
        } catch (MessagingException e) {
            Failure failure = classify(e);
            if (!failure.permanent()) {
                close(); // the connection may be broken; the next mail starts afresh
            }
            throw failure;
        }
    }

    private Address[] addresses(List<String> recipients) throws Failure {
        List<Address> addresses = new ArrayList<>();
        for (String recipient : recipients) {
            try {
                addresses.add(new InternetAddress(recipient, true));
            } catch (AddressException e) {
                throw new Failure("'" + recipient + "' is not a mail address: " + e.getMessage(), true, e);
            }
        }
        return addresses.toArray(Address[]::new);
    }

    private SMTPTransport connected() throws Failure {
        if (transport != null && transport.isConnected()) {
            return (SMTPTransport) transport;
        }
        if (connectFailure != null) {
            throw connectFailure;
        }
        try {
            transport = session.getTransport("smtp");
            transport.connect(settings.host(), settings.port(), settings.login().map(SmtpSettings.Login::user)
                    .orElse(null), settings.login().map(SmtpSettings.Login::password).orElse(null));
            return (SMTPTransport) transport;
        } catch (MessagingException e) {
            close();
            // Not about any one mail, so never a reason to give a mail up: each keeps its retries.
            connectFailure = new Failure(classify(e).getMessage(), false, e);
            throw connectFailure;
        }
    }

    /**
     * Reads what went wrong: the reply codes of the server (all 5xx: permanent), a refused login, or a connection
     * that could not be made or broke (transient).
     */
    private Failure classify(MessagingException e) {
        String server = settings.server();
        List<String> replies = new ArrayList<>();
        boolean allPermanent = true;
        for (Throwable t : chain(e)) {
            int code = replyCode(t);
            if (code > 0) {
                replies.add(t.getMessage() == null ? Integer.toString(code) : t.getMessage().strip());
                allPermanent &= code >= 500 && code < 600;
            }
        }
        if (!replies.isEmpty()) {
            return new Failure(server + " refused the mail: " + String.join("; ", replies), allPermanent, e);
        }
        if (e instanceof AuthenticationFailedException) {
            return new Failure(server + " refused the login: " + message(e), false, e);
        }
        Throwable unreachable = find(e, ConnectException.class);
        if (unreachable == null) {
            unreachable = find(e, UnknownHostException.class);
        }
        if (unreachable != null) {
            return new Failure(server + " unreachable: " + message(unreachable), false, e);
        }
        Throwable timeout = find(e, SocketTimeoutException.class);
        if (timeout != null) {
            return new Failure(server + " did not answer in time: " + message(timeout), false, e);
        }
        Throwable io = find(e, IOException.class);
        if (io != null) {
            return new Failure(server + " connection failed: " + message(io), false, e);
        }
        return new Failure(server + ": " + message(e), false, e);
    }

    /** {@code e}, its causes and next exceptions, without going round in circles. */
    private static List<Throwable> chain(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && chain.size() < 20 && !chain.contains(t); t = next(t)) {
            chain.add(t);
        }
        return chain;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null) {
            return m.getNextException();
        }
        return t.getCause();
    }

    private static int replyCode(Throwable t) {
        if (t instanceof SMTPAddressFailedException a) {
            return a.getReturnCode();
        }
        if (t instanceof SMTPSenderFailedException s) {
            return s.getReturnCode();
        }
        if (t instanceof SMTPSendFailedException s) {
            return s.getReturnCode();
        }
        return -1;
    }

    /** The first throwable of {@code type} in the causes and next exceptions of {@code e}. */
    private static Throwable find(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t : chain(e)) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
    }

    @Override
    public void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                // closing a broken connection: nothing to keep
            }
            transport = null;
        }
    }
}
