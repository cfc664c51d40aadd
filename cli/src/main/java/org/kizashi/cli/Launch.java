package org.kizashi.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.kizashi.server.Mode;
import org.kizashi.server.Platform;
import org.kizashi.server.config.Configuration;
import org.kizashi.server.demo.DemoData;

/** Starts the platform, tells the person where to go and how to log in, and runs until Ctrl+C. */
final class Launch {
    private Launch() {
    }

    static int runUntilStopped(Configuration config, Mode mode, Clock clock) {
        Platform platform = Platform.start(config, mode, Main.version(), clock);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            stopped.countDown();
        }, "kizashi-shutdown"));
        welcome(System.out, platform.started(), mode);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static void welcome(PrintStream out, Platform.Started started, Mode mode) {
        out.println();
        out.println("Kizashi (兆し) is running / 起動しました (" + mode.command() + ")");
        out.println("  Open / 開く:  " + started.url());
        if (started.admin().generatedPassword().isPresent()) {
            out.println("  Log in as / ログイン:  admin  password / パスワード:  " + started.admin().generatedPassword().get());
            out.println("    Generated now and shown only this once; set KIZASHI_ADMIN_PASSWORD to choose it.");
            out.println("    今回だけ表示される自動生成のパスワードです。指定するには KIZASHI_ADMIN_PASSWORD を設定します。");
        } else if (started.admin().created()) {
            out.println("  Log in as / ログイン:  admin  with the password in KIZASHI_ADMIN_PASSWORD / KIZASHI_ADMIN_PASSWORD のパスワード");
            if (started.admin().weakPassword()) {
                out.println("    Warning: that password is short; use 12 characters or more. / 警告: パスワードが短すぎます（12 文字以上を推奨）。");
            }
        } else {
            out.println("  Log in as / ログイン:  admin  with the password set at the first start / 初回起動時のパスワード");
        }
        if (!started.demoUsers().isEmpty()) {
            StringBuilder names = new StringBuilder();
            for (DemoData.DemoUser u : started.demoUsers()) {
                names.append(names.length() == 0 ? "" : ", ").append(u.username()).append(" (").append(u.role().id()).append(')');
            }
            out.println("  Demo users / デモ用ユーザー:  " + names + "  password / パスワード:  " + DemoData.PASSWORD);
        }
        out.println("  Stop with Ctrl+C / 停止は Ctrl+C");
        out.println();
        out.flush();
    }
}
