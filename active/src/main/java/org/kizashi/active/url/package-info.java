/**
 * Safe Browsing URLs: the canonical form of a URL and the host-suffix/path-prefix lookup expressions of the Google
 * Safe Browsing v4 "URLs and Hashing" rules ({@link org.kizashi.active.url.SafeBrowsingUrls}), and an in-process
 * matcher of listed URLs on those expressions ({@link org.kizashi.active.url.UrlList}) for the warning proxy.
 */
package org.kizashi.active.url;
