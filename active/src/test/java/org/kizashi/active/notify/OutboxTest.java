package org.kizashi.active.notify;

import org.kizashi.core.active.OutboxEntry;
import org.kizashi.core.active.DeliveryStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Multipart;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kizashi.core.active.DeliveryStatus.State;
import org.kizashi.core.net.IpAddress;

/** The outbox against a real SMTP server (GreenMail, in process on 127.0.0.1), and against none. */
class OutboxTest {
    private static final Instant START = Instant.parse("2026-11-24T00:30:00Z");
    private static final LocalDate DAY = IspBatchTest.DAY;
    private static final InternetAddress SENDER = IspBatchTest.address("active-reports@kizashi.example");
    private static final IpAddress HOST = IpAddress.parse("198.51.100.7");

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL =
            new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    private final MutableClock clock = new MutableClock(START);
    private final InMemoryOutboxStore store = new InMemoryOutboxStore();

    private Outbox outbox(int port, RetryPolicy retry) {
        return new Outbox(smtp(port), retry, store, clock);
    }

    private static SmtpSettings smtp(int port) {
        return SmtpSettings.of("127.0.0.1", port, SENDER).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private static int greenMailPort() {
        return GREEN_MAIL.getSmtp().getPort();
    }

    private static MimeMessage xarf() throws Exception {
        return IspBatchTest.batch().xarfReports(SENDER, IspBatchTest.TO).get(HOST);
    }

    private static NotificationKey xarfKey() {
        return new NotificationKey(IspBatchTest.TO.getAddress(), "isp-xarf", DAY, HOST.toString());
    }

    /** A local port nothing listens on (free a moment ago). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void sendsAnXarfReportThatArrivesWithItsHeadersPartsAndJapaneseIntact() throws Exception {
        Outbox outbox = outbox(greenMailPort(), RetryPolicy.defaults());

        DeliveryStatus queued = outbox.enqueue(xarfKey(), xarf());
        List<OutboxEntry> tried = outbox.deliverDue();

        assertThat(queued.state()).isEqualTo(State.QUEUED);
        assertThat(tried).singleElement().satisfies(entry -> {
            assertThat(entry.status().state()).isEqualTo(State.SENT);
            assertThat(entry.status().attempts()).isEqualTo(1);
            assertThat(entry.status().sentAt()).contains(START);
            assertThat(entry.status().detail()).startsWith("250");
        });
        assertThat(outbox.status(xarfKey()).map(DeliveryStatus::state)).contains(State.SENT);
        MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getHeader("X-ARF")).containsExactly("Yes");
        assertThat(mail.getSubject()).isEqualTo("abuse report about 198.51.100.7 - 2026-11-23 / マルウェア感染の疑い"
                + " (ACTIVE)");
        assertThat(mail.getFrom()).containsExactly(SENDER);
        assertThat(mail.getAllRecipients()).containsExactly(IspBatchTest.TO);
        assertThat(mail.getSentDate().toInstant()).isEqualTo(START);
        Multipart parts = (Multipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        assertThat((String) parts.getBodyPart(0).getContent()).contains("マルウェア: andromeda",
                "To the abuse team of Example Hikari Co., Ltd.");
        Map<String, String> report = IspBatchTest.yaml(new String(IspBatchTest.bytes(parts.getBodyPart(1)),
                StandardCharsets.UTF_8));
        assertThat(report).containsEntry("Source", "198.51.100.7").containsEntry("Report-Type", "malware-attack");
        assertThat(parts.getBodyPart(2).getFileName())
                .isEqualTo("2026-11-23-event4_sinkhole-example-hikari-co-ltd.csv");
    }

    @Test
    void aSubscriberNoticeArrivesAsPlainUtf8Japanese() throws Exception {
        Outbox outbox = outbox(greenMailPort(), RetryPolicy.defaults());
        SubscriberNotice template = SubscriberNotice.parse("notice.txt",
                "Subject: マルウェア感染のおそれ / Possible infection\n\n{{subscriber}} 様\n{{address}} {{time}}\n");
        MimeMessage notice = template.render(SubscriberNoticeTest.FACTS, SubscriberNoticeTest.ISP,
                SubscriberNoticeTest.SUBSCRIBER);

        outbox.enqueue(new NotificationKey("Hanako@Home.Example.JP", "subscriber-notice", DAY, "198.51.100.7"),
                notice);
        outbox.deliverDue();

        MimeMessage mail = GREEN_MAIL.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("マルウェア感染のおそれ / Possible infection");
        assertThat(mail.getFrom()).containsExactly(SubscriberNoticeTest.ISP);
        assertThat(new ContentType(mail.getContentType()).getParameter("charset")).isEqualToIgnoringCase("UTF-8");
        // (GreenMail keeps the body's last line break as part of the end-of-data marker.)
        assertThat(((String) mail.getContent()).replace("\r\n", "\n").stripTrailing())
                .isEqualTo("山田 花子 様\n198.51.100.7 2026-11-23 21:34:56 JST");
    }

    @Test
    void enqueueingTheSameKeyAgainChangesNothingAndSendsNothingMore() throws Exception {
        Outbox outbox = outbox(greenMailPort(), RetryPolicy.defaults());

        DeliveryStatus first = outbox.enqueue(xarfKey(), xarf());
        clock.advance(Duration.ofMinutes(5));
        DeliveryStatus again = outbox.enqueue(xarfKey(), xarf());
        outbox.deliverDue();
        DeliveryStatus afterSending = outbox.enqueue(xarfKey(), xarf());
        List<OutboxEntry> secondRun = outbox.deliverDue();

        assertThat(again).isEqualTo(first);
        assertThat(afterSending.state()).isEqualTo(State.SENT);
        assertThat(secondRun).isEmpty();
        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(1);
        assertThat(store.recent(10)).hasSize(1);
        // The same recipient on another day, or about another host, is another notification.
        outbox.enqueue(new NotificationKey(IspBatchTest.TO.getAddress(), "isp-xarf", DAY.plusDays(1), "198.51.100.7"),
                xarf());
        assertThat(store.recent(10)).hasSize(2);
    }

    @Test
    void theSameNotificationEnqueuedFromManyThreadsIsSentOnce() throws Exception {
        Outbox outbox = outbox(greenMailPort(), RetryPolicy.defaults());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<DeliveryStatus>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(threads.submit(() -> outbox.enqueue(xarfKey(), xarf())));
            }
            for (Future<DeliveryStatus> result : results) {
                assertThat(result.get().state()).isEqualTo(State.QUEUED);
            }
        } finally {
            threads.shutdownNow();
        }
        outbox.deliverDue();

        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(1);
    }

    @Test
    void keepsTheMailWhileTheServerIsDownAndSendsItOnceWhenItIsBack() throws Exception {
        int port = freePort();
        Outbox outbox = outbox(port, RetryPolicy.defaults());
        outbox.enqueue(xarfKey(), xarf());

        outbox.deliverDue();

        DeliveryStatus retrying = outbox.status(xarfKey()).orElseThrow();
        assertThat(retrying.state()).isEqualTo(State.RETRYING);
        assertThat(retrying.attempts()).isEqualTo(1);
        assertThat(retrying.nextAttempt()).contains(START.plus(Duration.ofMinutes(1)));
        assertThat(retrying.lastError().orElseThrow()).startsWith("127.0.0.1:" + port + " unreachable: ");
        assertThat(outbox.deliverDue()).as("not due before its time").isEmpty();

        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        try {
            clock.advance(Duration.ofMinutes(1));
            outbox.deliverDue();
            clock.advance(Duration.ofHours(1));
            outbox.deliverDue();

            DeliveryStatus sent = outbox.status(xarfKey()).orElseThrow();
            assertThat(sent.state()).isEqualTo(State.SENT);
            assertThat(sent.attempts()).isEqualTo(2);
            assertThat(sent.sentAt()).contains(START.plus(Duration.ofMinutes(1)));
            MimeMessage[] received = server.getReceivedMessages();
            assertThat(received).hasSize(1);
            assertThat(received[0].getHeader("X-ARF")).containsExactly("Yes");
        } finally {
            server.stop();
        }
    }

    @Test
    void backsOffExponentiallyUpToTheCapAndGivesUpAfterTheLastAttempt() throws Exception {
        int port = freePort();
        Outbox outbox = outbox(port, new RetryPolicy(3, Duration.ofMinutes(1), Duration.ofSeconds(90)));
        outbox.enqueue(xarfKey(), xarf());

        outbox.deliverDue();
        assertThat(outbox.status(xarfKey()).orElseThrow().nextAttempt()).contains(START.plusSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        outbox.deliverDue();
        // Doubling would wait 2 minutes; the cap is 90 s.
        Instant second = START.plusSeconds(60);
        assertThat(outbox.status(xarfKey()).orElseThrow().nextAttempt()).contains(second.plusSeconds(90));
        clock.advance(Duration.ofSeconds(90));
        outbox.deliverDue();

        DeliveryStatus failed = outbox.status(xarfKey()).orElseThrow();
        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.nextAttempt()).isEmpty();
        assertThat(failed.lastError().orElseThrow()).startsWith("127.0.0.1:" + port + " unreachable: ");
        assertThat(failed.toString()).startsWith("FAILED after 3 attempts at 2026-11-24T00:32:30Z: 127.0.0.1:" + port);
        clock.advance(Duration.ofDays(1));
        assertThat(outbox.deliverDue()).isEmpty();
    }

    @Test
    void aRecipientRefusedForGoodFailsAtOnceAndATemporaryRefusalIsRetried() throws Exception {
        try (ScriptedSmtpServer refusing = new ScriptedSmtpServer(
                "550 5.1.1 <abuse@hikari.example.jp>: Recipient address rejected: User unknown");
             ScriptedSmtpServer busy = new ScriptedSmtpServer("450 4.2.0 <abuse@hikari.example.jp>: Mailbox busy")) {
            Outbox refusingOutbox = outbox(refusing.port(), RetryPolicy.defaults());
            refusingOutbox.enqueue(xarfKey(), xarf());
            refusingOutbox.deliverDue();

            DeliveryStatus failed = refusingOutbox.status(xarfKey()).orElseThrow();
            assertThat(failed.state()).isEqualTo(State.FAILED);
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(failed.detail()).startsWith("127.0.0.1:" + refusing.port() + " refused the mail: ")
                    .contains("550 5.1.1 <abuse@hikari.example.jp>: Recipient address rejected: User unknown");
            assertThat(refusing.accepted()).isZero();

            Outbox busyOutbox = new Outbox(smtp(busy.port()), RetryPolicy.defaults(), new InMemoryOutboxStore(),
                    clock);
            busyOutbox.enqueue(xarfKey(), xarf());
            busyOutbox.deliverDue();

            DeliveryStatus retrying = busyOutbox.status(xarfKey()).orElseThrow();
            assertThat(retrying.state()).isEqualTo(State.RETRYING);
            assertThat(retrying.detail()).contains("450 4.2.0");
        }
    }

    @Test
    void neverSendsInClearWhenStartTlsIsRequiredButNotOffered() throws Exception {
        Outbox outbox = new Outbox(smtp(greenMailPort()).withStartTls(), RetryPolicy.defaults(), store, clock);
        outbox.enqueue(xarfKey(), xarf());

        outbox.deliverDue();

        DeliveryStatus status = outbox.status(xarfKey()).orElseThrow();
        assertThat(status.state()).isEqualTo(State.RETRYING);
        assertThat(status.detail()).startsWith("127.0.0.1:" + greenMailPort()).contains("STARTTLS");
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void logsInWhenConfiguredAndKeepsTheMailWhenTheLoginIsRefused() throws Exception {
        GREEN_MAIL.setUser("active-reports@kizashi.example", "active-reports", "correct horse");
        Outbox wrong = new Outbox(smtp(greenMailPort()).withLogin("active-reports", "wrong"),
                RetryPolicy.defaults(), store, clock);
        wrong.enqueue(xarfKey(), xarf());
        wrong.deliverDue();

        DeliveryStatus refused = wrong.status(xarfKey()).orElseThrow();
        assertThat(refused.state()).isEqualTo(State.RETRYING);
        assertThat(refused.detail()).startsWith("127.0.0.1:" + greenMailPort() + " refused the login");
        assertThat(smtp(1).withLogin("u", "secret").toString()).doesNotContain("secret");

        Outbox right = new Outbox(smtp(greenMailPort()).withLogin("active-reports", "correct horse"),
                RetryPolicy.defaults(), store, clock);
        clock.advance(Duration.ofMinutes(1));
        right.deliverDue();

        assertThat(right.status(xarfKey()).map(DeliveryStatus::state)).contains(State.SENT);
        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aScheduledRunSendsWhatWasQueued() throws Exception {
        Outbox outbox = outbox(greenMailPort(), RetryPolicy.defaults());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (AutoCloseable runs = outbox.schedule(scheduler, Duration.ofMillis(50))) {
            outbox.enqueue(xarfKey(), xarf());

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!outbox.status(xarfKey()).orElseThrow().state().equals(State.SENT)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            scheduler.shutdownNow();
        }
        assertThat(outbox.status(xarfKey()).map(DeliveryStatus::state)).contains(State.SENT);
        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(1);
    }

    @Test
    void refusesAKeyWhoseRecipientTheMailDoesNotGoTo() throws Exception {
        Outbox outbox = outbox(greenMailPort(), RetryPolicy.defaults());
        NotificationKey someoneElse = new NotificationKey("other@example.jp", "isp-xarf", DAY, HOST.toString());

        assertThatThrownBy(() -> outbox.enqueue(someoneElse, xarf()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the key's recipient other@example.jp is not among the mail's recipients"
                        + " [abuse@hikari.example.jp]");
        assertThat(outbox.status(someoneElse)).isEmpty();
    }

    @Test
    void listsRecentNotificationsNewestFirst() throws Exception {
        Outbox outbox = outbox(greenMailPort(), RetryPolicy.defaults());
        for (String host : List.of("198.51.100.7", "198.51.100.9", "2001:db8:1::5")) {
            outbox.enqueue(new NotificationKey(IspBatchTest.TO.getAddress(), "isp-xarf", DAY, host),
                    IspBatchTest.batch().xarfReports(SENDER, IspBatchTest.TO).get(IpAddress.parse(host)));
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(outbox.recent(2)).extracting(OutboxEntry::key).containsExactly(
                "isp-xarf|2026-11-23|abuse@hikari.example.jp|2001:db8:1::5",
                "isp-xarf|2026-11-23|abuse@hikari.example.jp|198.51.100.9");
    }
}
