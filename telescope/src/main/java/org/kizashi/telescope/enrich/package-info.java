/**
 * Country and autonomous system of packet sources. {@link org.kizashi.telescope.enrich.SourceEnrichers#open} reads
 * MaxMind DB files ({@link org.kizashi.telescope.enrich.MmdbSourceEnricher}) behind a per-source cache
 * ({@link org.kizashi.telescope.enrich.CachingSourceEnricher}); see docs/adr/0011-geolocation-databases.md.
 */
package org.kizashi.telescope.enrich;
