/**
 * Correlation of what several organisations share: objects that report the same observable value are linked
 * through an index keyed by the normalised value ({@link org.kizashi.intel.correlation.ObservableValues}), so no
 * pairwise table of related objects is needed.
 */
package org.kizashi.intel.correlation;
