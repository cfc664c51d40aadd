package org.kizashi.active.notify;

import org.kizashi.core.active.OutboxStore;
import org.kizashi.core.active.OutboxEntry;
import org.kizashi.core.active.DeliveryStatus;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications over SMTP, once each. {@link #enqueue} stores the finished mail under its
 * {@link NotificationKey}, and enqueueing the same key again changes nothing; {@link #deliverDue} sends what is due
 * and records the outcome: SENT with the server's answer, RETRYING with a later attempt time when the server is
 * away or answers 4xx, FAILED when it refuses the mail for good (5xx) or after the policy's last attempt. Nothing is
 * lost while the server is down: the mails wait in the {@link OutboxStore}.
 * <p>
 * Time comes from the {@link Clock} and nothing sleeps: a scheduler calls {@link #deliverDue} (see
 * {@link #schedule}), and a test calls it after moving its clock on. Delivery is at least once: if the process
 * stops after the server took a mail but before its status was saved, the mail goes again after the restart.
 */
public final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    /** Mails sent per run; the next run takes the rest. */
    private static final int RUN_LIMIT = 500;

    private final SmtpSettings smtp;
    private final RetryPolicy retry;
    private final OutboxStore store;
    private final Clock clock;

    public Outbox(SmtpSettings smtp, RetryPolicy retry, OutboxStore store, Clock clock) {
        this.smtp = Objects.requireNonNull(smtp, "smtp");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Queues {@code message} under {@code key}, unless a notification with that key exists: then nothing changes and
     * its status is returned. The message is completed (a missing From becomes the outbox's sender, a missing Date the
     * clock's time) and stored as it will be sent; later changes to the object do not reach the outbox.
     *
     * @throws IllegalArgumentException when the message has no recipient or the key's recipient is not among them
     * @throws MessagingException       when the message cannot be written out
     */
    public DeliveryStatus enqueue(NotificationKey key, MimeMessage message) throws MessagingException {
        Optional<OutboxEntry> existing = store.find(key.value());
        if (existing.isPresent()) {
            LOG.debug("{} already in the outbox: {}", key, existing.get().status());
            return existing.get().status();
        }
        Instant now = clock.instant();
        List<String> recipients = recipients(message);
        if (recipients.stream().noneMatch(key.recipient()::equalsIgnoreCase)) {
            throw new IllegalArgumentException("the key's recipient " + key.recipient()
                    + " is not among the mail's recipients " + recipients);
        }
        if (message.getFrom() == null) {
            message.setFrom(smtp.from());
        }
        if (message.getSentDate() == null) {
            message.setSentDate(Date.from(now));
        }
        message.saveChanges();
        OutboxEntry entry = new OutboxEntry(key.value(), recipients, bytes(message), now,
                DeliveryStatus.queued(now));
        OutboxEntry stored = store.saveIfAbsent(entry);
        if (stored == entry) {
            LOG.info("queued {} to {}", key, recipients);
        }
        return stored.status();
    }

    /** The envelope recipients as written in the mail, each once (mail addresses compared without case). */
    private static List<String> recipients(MimeMessage message) throws MessagingException {
        Address[] all = message.getAllRecipients();
        List<String> recipients = new ArrayList<>();
        if (all != null) {
            for (Address a : all) {
                if (a instanceof InternetAddress ia && ia.getAddress() != null
                        && recipients.stream().noneMatch(ia.getAddress()::equalsIgnoreCase)) {
                    recipients.add(ia.getAddress());
                }
            }
        }
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("the mail has no recipient");
        }
        return recipients;
    }

    private static byte[] bytes(MimeMessage message) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            message.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return out.toByteArray();
    }

    /** The status of the notification of {@code key}, if it was ever enqueued. */
    public Optional<DeliveryStatus> status(NotificationKey key) {
        return store.find(key.value()).map(OutboxEntry::status);
    }

    /**
     * Sends every notification that is due now (queued, or retrying with its time come), over one connection, and
     * saves each outcome.
     *
     * @return the entries tried, with their new status
     */
    public synchronized List<OutboxEntry> deliverDue() {
        Instant now = clock.instant();
        List<OutboxEntry> due = store.due(now, RUN_LIMIT);
        List<OutboxEntry> tried = new ArrayList<>(due.size());
        try (SmtpSender sender = new SmtpSender(smtp)) {
            for (OutboxEntry entry : due) {
                OutboxEntry after = attempt(sender, entry);
                store.update(after);
                tried.add(after);
            }
        }
        return tried;
    }

    private OutboxEntry attempt(SmtpSender sender, OutboxEntry entry) {
        int attempts = entry.status().attempts() + 1;
        DeliveryStatus status;
        try {
            String answer = sender.send(entry.message(), entry.recipients());
            status = DeliveryStatus.sent(attempts, clock.instant(), answer);
            LOG.info("{} to {}: {}", entry.key(), entry.recipients(), status);
        } catch (SmtpSender.Failure failure) {
            Instant at = clock.instant();
            if (failure.permanent() || !retry.allowsAnotherAfter(attempts)) {
                status = DeliveryStatus.failed(attempts, at, failure.getMessage());
                LOG.error("{} to {}: {}", entry.key(), entry.recipients(), status);
            } else {
                status = DeliveryStatus.retrying(attempts, at, at.plus(retry.delayAfter(attempts)),
                        failure.getMessage());
                LOG.warn("{} to {}: {}", entry.key(), entry.recipients(), status);
            }
        }
        return entry.withStatus(status);
    }

    /**
     * Runs {@link #deliverDue} on {@code scheduler} every {@code interval}, the first time at once.
     *
     * @return stops the runs when closed
     */
    public AutoCloseable schedule(ScheduledExecutorService scheduler, Duration interval) {
        ScheduledFuture<?> runs = scheduler.scheduleWithFixedDelay(() -> {
            try {
                deliverDue();
            } catch (RuntimeException e) {
                LOG.error("outbox run failed; the next run tries again", e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return () -> runs.cancel(false);
    }

    /** The most recently enqueued notifications, newest first. */
    public List<OutboxEntry> recent(int limit) {
        return store.recent(limit);
    }
}
