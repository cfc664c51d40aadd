/**
 * Notifications of ACTIVE: the daily report of infected hosts to each ISP ({@link org.kizashi.active.notify.IspBatch}:
 * a Shadowserver-compatible CSV, X-ARF and ARF mails), the ISP's alert to one subscriber
 * ({@link org.kizashi.active.notify.SubscriberNotice}), the abuse contact of a malware-distribution site from RDAP
 * ({@link org.kizashi.active.notify.RdapClient}), and an {@link org.kizashi.active.notify.Outbox} that sends them over
 * SMTP exactly once per de-duplication key, retrying while the mail server is away and keeping a delivery status
 * per notification. Expected failures (an RDAP server without an answer, an SMTP server that is down) are results
 * that name what was asked and of whom, never exceptions.
 */
package org.kizashi.active.notify;
