package dev.opsflow.jobs.run;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Replaces secret values by {@value #MASK} in text; longest secrets first so overlaps mask fully. */
public final class Masker {
    public static final String MASK = "******";
    private final List<String> secrets;

    public Masker(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public String mask(String text) {
        if (text == null || secrets.isEmpty()) return text;
        var out = text;
        for (var s : secrets) out = out.replace(s, MASK);
        return out;
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }
}
