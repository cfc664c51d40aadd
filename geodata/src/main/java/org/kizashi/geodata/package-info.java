/**
 * The openly licensed geolocation databases shipped with Kizashi ({@link org.kizashi.geodata.DefaultGeoDatabases}),
 * fetched from the npm registry at build time; see docs/adr/0011-geolocation-databases.md.
 */
package org.kizashi.geodata;
