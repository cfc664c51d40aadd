/**
 * What a live sensor sends the server: {@link org.kizashi.telescope.report.SensorReport} (counts, partial aggregate,
 * alerts, live-map samples) in a versioned binary form, and {@link org.kizashi.telescope.report.LiveSampler}, which
 * picks the samples.
 */
package org.kizashi.telescope.report;
