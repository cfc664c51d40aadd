/**
 * Counting what the blocking did: resolver logs (Unbound, BIND) and Shadowserver sinkhole reports read into one
 * {@link org.kizashi.active.hits.BlockEvent} shape, and {@link org.kizashi.active.hits.BlockCounts}, the per-day,
 * per-list and per-ISP totals behind figures such as "about 208 million blocks". Parsers never stop at a bad line:
 * they report it as a {@link org.kizashi.active.LineProblem} ({@code file:line: reason}) and carry on.
 */
package org.kizashi.active.hits;
