package org.kizashi.store;

/** The database could not be reached or refused the login; the message says which and where, in one line. */
public final class DatabaseUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
