package org.kizashi.server.taxii;

/** An error answered as a TAXII 2.1 error message, with the status the specification puts there. */
final class TaxiiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;

    TaxiiException(int status, String title, String description) {
        super(description);
        this.status = status;
        this.title = title;
    }

    static TaxiiException badRequest(String description) {
        return new TaxiiException(400, "Bad request", description);
    }

    static TaxiiException forbidden(String description) {
        return new TaxiiException(403, "Forbidden", description);
    }

    static TaxiiException notFound(String description) {
        return new TaxiiException(404, "Not found", description);
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }
}
