package dev.opsflow.server.jobs.inventory;

import dev.opsflow.exec.HostResult;
import dev.opsflow.jobs.inventory.AccountInfo;
import dev.opsflow.jobs.inventory.CredentialInfo;
import dev.opsflow.jobs.inventory.HostGroup;
import dev.opsflow.jobs.inventory.HostRecord;
import dev.opsflow.jobs.inventory.ImportSummary;
import dev.opsflow.jobs.inventory.KnownHostKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON shapes of the inventory API (field order is stable for people reading responses). */
final class InventoryViews {
    private InventoryViews() {
    }

    static Map<String, Object> host(HostRecord h) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", h.name());
        m.put("address", h.address());
        m.put("port", h.port());
        m.put("os", h.os());
        m.put("labels", h.labels());
        m.put("createdAt", text(h.createdAt()));
        m.put("updatedAt", text(h.updatedAt()));
        return m;
    }

    static Map<String, Object> group(HostGroup g) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", g.name());
        m.put("kind", g.kind().apiName());
        if (g.selector() != null) m.put("selector", g.selector());
        else m.put("members", g.members());
        m.put("createdAt", text(g.createdAt()));
        m.put("updatedAt", text(g.updatedAt()));
        return m;
    }

    /** Name, kind, fingerprint, created: never the secret. */
    static Map<String, Object> credential(CredentialInfo c) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", c.name());
        m.put("kind", c.kind().apiName());
        m.put("keyType", c.keyType());
        m.put("fingerprint", c.fingerprint());
        m.put("createdAt", text(c.createdAt()));
        m.put("createdBy", c.createdBy());
        return m;
    }

    static Map<String, Object> account(AccountInfo a) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", a.name());
        m.put("user", a.user());
        m.put("credential", a.credential());
        m.put("sudoUser", a.sudoUser());
        m.put("createdAt", text(a.createdAt()));
        m.put("updatedAt", text(a.updatedAt()));
        return m;
    }

    static Map<String, Object> hostKey(KnownHostKey k) {
        var m = new LinkedHashMap<String, Object>();
        m.put("address", k.address());
        m.put("port", k.port());
        m.put("keyType", k.keyType());
        m.put("fingerprint", k.fingerprint());
        m.put("publicKey", k.publicKey());
        m.put("firstSeen", text(k.firstSeen()));
        return m;
    }

    static Map<String, Object> summary(ImportSummary s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("format", s.format().name().toLowerCase());
        m.put("created", s.created());
        m.put("updated", s.updated());
        m.put("unchanged", s.unchanged());
        m.put("groups", Map.of("created", s.groupsCreated(), "updated", s.groupsUpdated(), "unchanged", s.groupsUnchanged()));
        return m;
    }

    static Map<String, Object> check(HostResult r, long millis) {
        var m = new LinkedHashMap<String, Object>();
        m.put("host", r.host());
        m.put("state", r.state().name());
        m.put("reachable", r.state() == dev.opsflow.exec.HostState.SUCCEEDED);
        m.put("exitCode", r.exitCode());
        m.put("stdout", r.stdout());
        m.put("stderr", r.stderr());
        m.put("error", r.error());
        m.put("durationMs", millis);
        return m;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
