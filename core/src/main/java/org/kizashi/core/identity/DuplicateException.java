package org.kizashi.core.identity;

/** A unique name (user name, organisation name, ...) is already taken. */
public final class DuplicateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DuplicateException(String message) {
        super(message);
    }
}
