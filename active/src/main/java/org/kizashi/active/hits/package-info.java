/**
 * Counting what the blocking did: resolver logs (Unbound, BIND) and Shadowserver sinkhole reports read into one
 * {@link org.kizashi.active.hits.BlockEvent} shape, which the server adds up per day, list and ISP (the figures such
 * as "about 208 million blocks", kept in the database). Parsers never stop at a bad line:
 * they report it as a {@link org.kizashi.active.LineProblem} ({@code file:line: reason}) and carry on.
 */
package org.kizashi.active.hits;
