/** IP addresses and prefixes in one fixed-width form that every store can index. */
package org.kizashi.core.net;
