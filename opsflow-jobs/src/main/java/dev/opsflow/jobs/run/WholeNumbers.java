package dev.opsflow.jobs.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one reading of whole numbers out of parsed JSON/YAML values (plans, step specs, flow node inputs,
 * job variables): a {@link Number} that is finite, integral and in range, nothing else — {@code 1.5},
 * {@code 1e30}, NaN or infinity are refused, never cut or clamped. Strings are the callers' decision.
 */
public final class WholeNumbers {
    private WholeNumbers() {
    }

    /** @return the value as an int when {@code raw} is a whole number in int range, else empty */
    public static Optional<Integer> toInt(Object raw) {
        return toLong(raw).filter(l -> l == l.intValue()).map(Long::intValue);
    }

    /** @return the value as a long when {@code raw} is a whole number in long range, else empty */
    public static Optional<Long> toLong(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return Optional.of(((Number) raw).longValue());
        }
        if (raw instanceof java.math.BigInteger b) {
            return b.bitLength() < 64 ? Optional.of(b.longValue()) : Optional.empty();
        }
        if (raw instanceof Number n) {
            double d = n.doubleValue();
            // -2^63 is exact as a double; +2^63 is not a long
            if (Double.isFinite(d) && d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) return Optional.of((long) d);
        }
        return Optional.empty();
    }

    /** @return "a string", "a number", "a boolean", "a list", "an object" — never the value (it may be a secret) */
    public static String typeName(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "a string";
            case Number n -> "a number";
            case Boolean b -> "a boolean";
            case List<?> l -> "a list";
            case Map<?, ?> m -> "an object";
            default -> "a " + v.getClass().getSimpleName();
        };
    }
}
