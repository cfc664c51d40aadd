package org.kizashi.active.notify;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/** The MIME pieces the notification builders share, so that every mail is UTF-8 and keeps its Message-ID. */
final class MailParts {
    static final String UTF_8 = "UTF-8";

    /** Builders need no SMTP settings: the session only carries MIME defaults. */
    private static final Session SESSION = Session.getInstance(new Properties());

    private MailParts() {
    }

    /** A new message from {@code from} to {@code to} with a UTF-8 subject (RFC 2047 encoded where needed). */
    static MimeMessage message(InternetAddress from, InternetAddress to, String subject) throws MessagingException {
        MimeMessage message = new StableIdMessage(SESSION, domainOf(from));
        message.setFrom(from);
        message.setRecipient(MimeMessage.RecipientType.TO, to);
        message.setSubject(oneLine(subject), UTF_8);
        return message;
    }

    /** A text/plain; charset=UTF-8 part. */
    static MimeBodyPart text(String text) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(text, UTF_8);
        return part;
    }

    /** A part with {@code bytes} of {@code contentType}, offered as a file named {@code fileName}. */
    static MimeBodyPart attachment(byte[] bytes, String contentType, String fileName) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        ContentType type = new ContentType(contentType);
        type.setParameter("name", fileName);
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, type.toString())));
        part.setFileName(fileName);
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        return part;
    }

    /** A part that is not a file but a block of header-like fields, such as message/feedback-report. */
    static MimeBodyPart fields(String text, String contentType) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(text.getBytes(StandardCharsets.US_ASCII),
                contentType)));
        // RFC 2046 5.2: message/* parts take no encoding but 7bit, 8bit or binary.
        part.setHeader("Content-Transfer-Encoding", "7bit");
        return part;
    }

    /** A multipart of {@code subtype} with extra Content-Type parameters (report-type of multipart/report). */
    static MimeMultipart multipart(String subtype, Map<String, String> parameters) throws MessagingException {
        return new ParameterisedMultipart(subtype, parameters);
    }

    /** Header values must stay on one line: a value with a line break could smuggle in another header. */
    static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    static String domainOf(InternetAddress address) {
        String mail = address.getAddress();
        int at = mail == null ? -1 : mail.lastIndexOf('@');
        return at < 0 ? "localhost" : mail.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Jakarta Mail gives a message a new Message-ID every time it is saved. A notification keeps the first one, so
     * that a retried or re-enqueued mail is recognisably the same mail to the receiver.
     */
    private static final class StableIdMessage extends MimeMessage {
        private final String domain;

        StableIdMessage(Session session, String domain) {
            super(session);
            this.domain = domain;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (getHeader("Message-ID") == null) {
                setHeader("Message-ID", "<" + UUID.randomUUID() + "@" + domain + ">");
            }
        }
    }

    /** Jakarta Mail's multipart takes only a subtype; multipart/report also needs its report-type parameter. */
    private static final class ParameterisedMultipart extends MimeMultipart {
        ParameterisedMultipart(String subtype, Map<String, String> parameters) throws MessagingException {
            super(subtype);
            ContentType type = new ContentType(contentType);
            parameters.forEach(type::setParameter);
            contentType = type.toString();
        }
    }
}
