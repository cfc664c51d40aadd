/**
 * IP53B: blocking inbound DNS (port 53) from the Internet to subscribers' lines, so that home routers answering
 * DNS to anyone cannot be used as open resolvers in amplification attacks. {@link
 * org.kizashi.active.ip53b.OpenResolverReportParser} reads Shadowserver's scan_dns reports (the addresses seen
 * answering); {@link org.kizashi.active.ip53b.Ip53bRules} writes the nftables ruleset that blocks them.
 */
package org.kizashi.active.ip53b;
