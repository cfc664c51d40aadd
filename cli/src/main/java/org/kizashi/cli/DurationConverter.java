package org.kizashi.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** Reads durations as people write them: 90s, 5m, 1h, 2d (or ISO-8601 such as PT1H). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.strip();
        try {
            if (v.length() > 1 && Character.isDigit(v.charAt(0))) {
                long amount = Long.parseLong(v.substring(0, v.length() - 1));
                switch (v.charAt(v.length() - 1)) {
                    case 's' -> {
                        return Duration.ofSeconds(amount);
                    }
                    case 'm' -> {
                        return Duration.ofMinutes(amount);
                    }
                    case 'h' -> {
                        return Duration.ofHours(amount);
                    }
                    case 'd' -> {
                        return Duration.ofDays(amount);
                    }
                    default -> {
                    }
                }
            }
            return Duration.parse(v);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration (for example 90s, 5m, 1h, 2d)");
        }
    }
}
