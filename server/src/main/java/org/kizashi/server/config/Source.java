package org.kizashi.server.config;

/** Where an effective value came from, from weakest to strongest. */
public enum Source {
    DEFAULT("default"), FILE("file"), ENVIRONMENT("environment"), COMMAND_LINE("command line");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
