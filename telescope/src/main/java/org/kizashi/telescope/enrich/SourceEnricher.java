package org.kizashi.telescope.enrich;

/** Country and autonomous system of a source address (128-bit form), from whatever database the operator chose. */
public interface SourceEnricher {
    /** ISO 3166-1 alpha-2 code, or "" when unknown. */
    String country(long high, long low);

    /** Autonomous system number, or 0 when unknown. */
    long asn(long high, long low);

    /** Knows nothing: every source is of unknown country and AS. */
    SourceEnricher NONE = new SourceEnricher() {
        @Override
        public String country(long high, long low) {
            return "";
        }

        @Override
        public long asn(long high, long low) {
            return 0;
        }
    };
}
