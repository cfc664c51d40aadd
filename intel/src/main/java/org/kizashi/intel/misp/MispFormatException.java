package org.kizashi.intel.misp;

/**
 * MISP JSON that is not a MISP event export, or an event missing what every MISP export has. The message starts
 * with the JSON Pointer (RFC 6901) of the value at fault, then says what is wrong, e.g.
 * {@code "/Event/Attribute/3/type: missing"}.
 */
public final class MispFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String pointer;

    MispFormatException(String pointer, String problem) {
        super(pointer + ": " + problem);
        this.pointer = pointer;
    }

    /** The JSON Pointer of the value at fault; "" for the whole document. */
    String pointer() {
        return pointer;
    }
}
