/**
 * Country and autonomous system of packet sources. {@link org.kizashi.telescope.enrich.SourceEnrichers#open} reads
 * MaxMind DB files ({@link org.kizashi.telescope.enrich.MmdbSourceEnricher}), answers IPv4 sources from an index of
 * each database built once from MaxMind's reader and kept on disk ({@code Ipv4Index}, {@code Ipv4IndexStore}), and
 * puts a per-source cache in front ({@link org.kizashi.telescope.enrich.CachingSourceEnricher}); see
 * docs/adr/0011-geolocation-databases.md.
 */
package org.kizashi.telescope.enrich;
