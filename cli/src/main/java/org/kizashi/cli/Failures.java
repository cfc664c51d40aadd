package org.kizashi.cli;

/** Turns an exception into the one line a person needs, without a stack trace. */
final class Failures {
    private Failures() {
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            return cause != null ? oneLine(cause) : e.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message).trim();
    }
}
