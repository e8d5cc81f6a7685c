package dev.opsflow.plugins.timer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads instants from inputs and from persisted state (where they are ISO-8601 strings). */
final class Instants {
    private Instants() {
    }

    /**
     * @param value "2026-11-21T10:00:00Z", an offset date-time ("2026-11-21T12:00:00+02:00"), or a
     *              java.time Instant/OffsetDateTime/ZonedDateTime
     * @return the instant, or empty when the value is none of these
     */
    static Optional<Instant> parse(Object value) {
        return switch (value) {
            case Instant i -> Optional.of(i);
            case OffsetDateTime o -> Optional.of(o.toInstant());
            case ZonedDateTime z -> Optional.of(z.toInstant());
            case String s -> parseText(s.trim());
            case null, default -> Optional.empty();
        };
    }

    private static Optional<Instant> parseText(String s) {
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(ZonedDateTime.parse(s).toInstant());
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }
}
