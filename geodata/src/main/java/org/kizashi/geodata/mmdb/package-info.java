/**
 * Writing MaxMind DB ({@code .mmdb}) files: {@link org.kizashi.geodata.mmdb.MmdbWriter}, and the build-time
 * conversion of AS range lists, {@link org.kizashi.geodata.mmdb.AsnCsvToMmdb}.
 */
package org.kizashi.geodata.mmdb;
