package dev.opsflow.exec;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Replaces every secret value with {@value #MASK}. Longest secrets first, so overlapping values are fully hidden. */
final class SecretMasker {
    static final String MASK = "******";
    static final SecretMasker NONE = new SecretMasker(List.of());

    private final List<String> secrets;

    SecretMasker(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    String mask(String text) {
        if (text == null || secrets.isEmpty()) return text;
        var out = text;
        for (var s : secrets) out = out.replace(s, MASK);
        return out;
    }
}
