/**
 * Subscriber attribution for ACTIVE: from a reported address, time and (behind carrier-grade NAT) source port, to
 * the ISP that owns the address ({@link org.kizashi.active.subscriber.IspTable}) and the subscriber who held it then
 * ({@link org.kizashi.active.subscriber.SubscriberResolver}), from RADIUS accounting, DHCP lease and NAT mapping
 * records ({@link org.kizashi.active.subscriber.LeaseImport}). Whenever the records leave doubt, the resolver
 * refuses with a {@link org.kizashi.active.subscriber.Refusal} rather than name a possibly wrong subscriber.
 */
package org.kizashi.active.subscriber;
