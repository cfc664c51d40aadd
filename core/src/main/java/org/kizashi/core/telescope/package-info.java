/** Darknet telescope domain: what a sensor sees, independent of how it is captured or aggregated. */
package org.kizashi.core.telescope;
