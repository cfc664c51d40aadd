/**
 * The response capability's domain (ACTIVE): what a block list holds ({@link org.kizashi.core.active.ListEntry}: a
 * trigger, the action a resolver takes, and where the entry came from and until when it holds). Only the JDK: the
 * list files, the Response Policy Zone, the URL check and the store all speak these records.
 */
package org.kizashi.core.active;
