package org.kizashi.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.kizashi.server.active.ActiveService;
import org.kizashi.server.admin.IdentityAdmin;
import org.kizashi.server.auth.AuthService;
import org.kizashi.server.taxii.client.ScheduledPulls;
import org.kizashi.server.telescope.TelescopeHub;
import org.kizashi.server.ui.Pages;
import org.kizashi.store.Database;

/**
 * What the HTTP layer needs, built once by {@link Platform}. {@code pulls}: the scheduled TAXII pulls, when
 * {@code intel.pulls} names any; {@code active}: the response capability (policy zones, URL checks, warning page).
 */
public record Services(Database database, AuthService auth, IdentityAdmin identityAdmin, AuditTrail audit,
                       Pages pages, ObjectMapper json, PrometheusMeterRegistry metrics, Clock clock, Mode mode,
                       boolean secureCookies, String version, TelescopeHub telescope,
                       Optional<ScheduledPulls> pulls, ActiveService active) {
}
