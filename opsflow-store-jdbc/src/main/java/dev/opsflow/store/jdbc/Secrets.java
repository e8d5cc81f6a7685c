package dev.opsflow.store.jdbc;

import dev.opsflow.engine.store.SecretCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The three views of a task's secret variables: encrypted at rest, clear for the owner deciding on the
 * task ({@code loadRun}), masked for every listing. Only string values are secret material; a secret
 * variable bound to another JSON type is kept as is at rest and masked in listings.
 */
final class Secrets {
    /** What listings show instead of a secret value. */
    static final String MASK = dev.opsflow.engine.runtime.Masking.MASK;

    private final SecretCodec codec;

    Secrets(SecretCodec codec) {
        this.codec = codec;
    }

    /** @return a copy with every clear string secret encrypted (values the caller already encrypted are kept) */
    Map<String, Object> encrypt(Map<String, Object> variables, Set<String> secretNames) {
        var out = new LinkedHashMap<>(variables);
        for (var name : secretNames) {
            if (out.get(name) instanceof String s && !SecretCodec.isEncrypted(s)) out.put(name, codec.encrypt(s));
        }
        return out;
    }

    /** @return a copy with every encrypted secret in clear text */
    Map<String, Object> decrypt(Map<String, Object> variables, Set<String> secretNames) {
        var out = new LinkedHashMap<>(variables);
        for (var name : secretNames) {
            if (SecretCodec.isEncrypted(out.get(name))) out.put(name, codec.decrypt((String) out.get(name)));
        }
        return out;
    }

    /** @return a copy with every non-null secret value replaced by {@link #MASK} */
    static Map<String, Object> mask(Map<String, Object> variables, Set<String> secretNames) {
        var out = new LinkedHashMap<>(variables);
        for (var name : secretNames) {
            if (out.get(name) != null) out.put(name, MASK);
        }
        return out;
    }
}
