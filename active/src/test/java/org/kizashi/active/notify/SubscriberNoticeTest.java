package org.kizashi.active.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.net.IpAddress;

class SubscriberNoticeTest {
    static final NoticeFacts FACTS = new NoticeFacts("山田 花子", IpAddress.parse("198.51.100.7"),
            Instant.parse("2026-11-23T12:34:56Z"), "andromeda", "ひかりネット",
            "https://isp.example.jp/active/optout?id=K123");
    static final InternetAddress ISP = IspBatchTest.address("support@hikari.example.jp");
    static final InternetAddress SUBSCRIBER = IspBatchTest.address("hanako@home.example.jp");

    static Path template(String name) throws URISyntaxException {
        return Path.of(SubscriberNoticeTest.class.getResource("/notify/templates/" + name).toURI());
    }

    @Test
    void rendersTheIspTemplateIntoAPlainTextUtf8Mail() throws Exception {
        SubscriberNotice notice = SubscriberNotice.load(template("subscriber-notice-ja-en.txt"));

        MimeMessage mail = IspBatchTest.reparsed(notice.render(FACTS, ISP, SUBSCRIBER));

        assertThat(mail.getSubject())
                .isEqualTo("【重要】マルウェア感染のおそれについて / Your device may be infected (ひかりネット)");
        assertThat(mail.getFrom()).containsExactly(ISP);
        assertThat(mail.getAllRecipients()).containsExactly(SUBSCRIBER);
        ContentType type = new ContentType(mail.getContentType());
        assertThat(type.getBaseType()).isEqualTo("text/plain");
        assertThat(type.getParameter("charset")).isEqualToIgnoringCase("UTF-8");
        String body = ((String) mail.getContent()).replace("\r\n", "\n");
        assertThat(body).startsWith("山田 花子 様\n\nひかりネット です。")
                .contains("  観測日時:     2026-11-23 21:34:56 JST\n",
                        "  IP アドレス:   198.51.100.7\n",
                        "  マルウェア:   andromeda\n",
                        "停止できます:\nhttps://isp.example.jp/active/optout?id=K123\n",
                        "Dear 山田 花子,", "  Time:       2026-11-23 21:34:56 JST\n",
                        "visit: https://isp.example.jp/active/optout?id=K123")
                .doesNotContain("{{", "}}", "Subject:");
    }

    @Test
    void writesTheTimeInTheZoneAskedFor() throws Exception {
        SubscriberNotice utc = SubscriberNotice.parse("utc.txt", "Subject: {{time}}\n\n{{time}}\n")
                .inZone(ZoneOffset.UTC);

        assertThat(utc.subject(FACTS)).isEqualTo("2026-11-23 12:34:56 Z");
        assertThat(utc.body(FACTS)).isEqualTo("2026-11-23 12:34:56 Z\n");
    }

    @Test
    void anUnknownPlaceholderIsNamedWithItsLineWhenTheTemplateIsRead() {
        assertThatThrownBy(() -> SubscriberNotice.load(template("misspelt-placeholder.txt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("misspelt-placeholder.txt line 6: unknown placeholder {{optout}}; known: ")
                .hasMessageContaining("{{optout_url}}");
    }

    @Test
    void aTemplateWithoutSubjectLineOrWithBrokenBracesIsRefused() {
        assertThatThrownBy(() -> SubscriberNotice.parse("no-subject.txt", "{{subscriber}} 様\n"))
                .hasMessage("no-subject.txt line 1: a notice template starts with a 'Subject:' line, found"
                        + " '{{subscriber}} 様'");
        assertThatThrownBy(() -> SubscriberNotice.parse("braces.txt", "Subject: x\n\nIP: {{address}\n"))
                .hasMessageStartingWith("braces.txt line 3: '{{' without its pair");
        assertThatThrownBy(() -> SubscriberNotice.parse("subject.txt", "Subject: {{ISP_NAME}}\n"))
                .hasMessageStartingWith("subject.txt line 1: unknown placeholder {{ISP_NAME}}");
    }

    @Test
    void aLineBreakInAValueCannotAddHeaders() throws Exception {
        NoticeFacts hostile = new NoticeFacts("x", FACTS.address(), FACTS.time(), "y", "ISP\r\nBcc: all@example.com",
                "");
        SubscriberNotice notice = SubscriberNotice.parse("t.txt", "Subject: Notice from {{isp}}\n\nbody\n");

        MimeMessage mail = IspBatchTest.reparsed(notice.render(hostile, ISP, SUBSCRIBER));

        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getSubject()).isEqualTo("Notice from ISP Bcc: all@example.com");
    }

    @Test
    void aTemplateFileThatIsNotUtf8IsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sjis.txt");
        Files.write(file, "Subject: お知らせ\n".getBytes(Charset.forName("Shift_JIS")));

        assertThatThrownBy(() -> SubscriberNotice.load(file)).isInstanceOf(IOException.class)
                .hasMessage(file + ": the template is not UTF-8 text");
    }
}
