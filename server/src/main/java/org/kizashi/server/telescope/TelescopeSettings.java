package org.kizashi.server.telescope;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.server.config.Configuration;
import org.kizashi.server.config.ConfigurationException;
import org.kizashi.server.config.Options;

/**
 * The telescope's settings in the server.
 *
 * @param darknet        the prefixes the telescope watches (empty: not configured)
 * @param sensorLon      where the live map draws the sensor
 * @param flushEvery     how often changed aggregates are written back to the database (at most)
 * @param daysInMemory   UTC days of aggregates held in memory, counting today
 * @param maxReportBytes largest sensor report accepted
 */
public record TelescopeSettings(List<IpPrefix> darknet, double sensorLon, double sensorLat, Duration flushEvery,
                                int daysInMemory, long maxReportBytes) {
    public TelescopeSettings {
        darknet = List.copyOf(darknet);
        if (daysInMemory < 1) {
            throw new IllegalArgumentException("daysInMemory must be at least 1");
        }
    }

    /** For tests and the demo: the given darknet, Tokyo, flushed every minute, a week in memory, 64 MiB reports. */
    public static TelescopeSettings of(List<IpPrefix> darknet) {
        return new TelescopeSettings(darknet, 139.69, 35.69, Duration.ofMinutes(1), 7, 64L << 20);
    }

    public TelescopeSettings withDarknet(List<IpPrefix> prefixes) {
        return new TelescopeSettings(prefixes, sensorLon, sensorLat, flushEvery, daysInMemory, maxReportBytes);
    }

    public static TelescopeSettings from(Configuration config) {
        List<IpPrefix> darknet = new ArrayList<>();
        for (String item : config.getList(Options.TELESCOPE_DARKNET)) {
            try {
                darknet.add(IpPrefix.parse(item));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(Options.TELESCOPE_DARKNET.key() + " (from "
                        + config.origin(Options.TELESCOPE_DARKNET) + "): '" + item + "' is not a CIDR prefix: "
                        + e.getMessage());
            }
        }
        String location = config.get(Options.TELESCOPE_SENSOR_LOCATION).trim();
        String[] parts = location.split(",");
        double lon;
        double lat;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            lon = Double.parseDouble(parts[0].trim());
            lat = Double.parseDouble(parts[1].trim());
            if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new ConfigurationException(Options.TELESCOPE_SENSOR_LOCATION.key() + " (from "
                    + config.origin(Options.TELESCOPE_SENSOR_LOCATION) + "): '" + location
                    + "' is not longitude,latitude (for example 139.69,35.69)");
        }
        int flushSeconds = config.getInt(Options.TELESCOPE_FLUSH_SECONDS, 1, 86_400);
        int days = config.getInt(Options.TELESCOPE_DAYS_IN_MEMORY, 1, 366);
        int maxMb = config.getInt(Options.TELESCOPE_MAX_REPORT_MB, 1, 2047);
        return new TelescopeSettings(darknet, lon, lat, Duration.ofSeconds(flushSeconds), days, (long) maxMb << 20);
    }
}
