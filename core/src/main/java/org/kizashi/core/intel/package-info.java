/**
 * The sharing hub's domain: sectors, sharing communities (a CEPTOAR per sector, the CEPTOAR council, partner
 * countries), the roles of organisations in them, and the five C4TAP sharing levels with the rule of who reads what.
 * Only the JDK: the store, the TAXII server, exports and the UI all decide visibility through {@link
 * org.kizashi.core.intel.IntelReader}.
 */
package org.kizashi.core.intel;
