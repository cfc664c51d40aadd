package org.kizashi.server;

/** Keycloak's split: start-dev is convenient and embedded; start is strict and expects production settings. */
public enum Mode {
    DEVELOPMENT("start-dev"), PRODUCTION("start");

    private final String command;

    Mode(String command) {
        this.command = command;
    }

    public String command() {
        return command;
    }
}
