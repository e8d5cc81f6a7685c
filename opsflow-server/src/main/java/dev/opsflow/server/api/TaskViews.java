package dev.opsflow.server.api;

import dev.opsflow.engine.runtime.TemplateCatalog;
import dev.opsflow.engine.store.NodeRow;
import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.engine.store.TaskRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.stereotype.Component;

/** Builds the JSON shapes of tasks (docs/api.md): summaries and the detail with every node. */
@Component
public class TaskViews {
    private final TaskRepository repository;
    private final TemplateCatalog catalog;

    public TaskViews(TaskRepository repository, TemplateCatalog catalog) {
        this.repository = repository;
        this.catalog = catalog;
    }

    Map<String, Object> summary(TaskRow t) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", t.id());
        m.put("project", t.project());
        m.put("name", t.name());
        m.put("template", t.template());
        m.put("templateVersion", t.templateVersion());
        m.put("state", t.state().name());
        m.put("createdBy", t.createdBy());
        m.put("createdAt", str(t.createdAt()));
        m.put("startedAt", str(t.startedAt()));
        m.put("finishedAt", str(t.finishedAt()));
        m.put("parentTaskId", t.parentTaskId());
        m.put("parentNodeId", t.parentNodeId());
        return m;
    }

    /** @throws NoSuchElementException when the task does not exist */
    Map<String, Object> detail(String id) {
        var t = repository.findTask(id).orElseThrow(() -> new NoSuchElementException("task '" + id + "' does not exist"));
        var m = summary(t);
        m.put("variables", t.variables());
        m.put("deselected", t.deselected());
        m.put("outputs", t.outputs());
        var compiled = catalog.get(t.project(), t.template(), t.templateVersion());
        var runs = new LinkedHashMap<String, NodeRow>();
        for (var n : repository.nodes(id)) runs.put(n.nodeId(), n);
        var attempts = new LinkedHashMap<String, List<Map<String, Object>>>();
        for (var a : repository.attempts(id)) {
            var am = new LinkedHashMap<String, Object>();
            am.put("attempt", a.attempt());
            am.put("pass", a.pass());
            am.put("state", a.state());
            am.put("startedAt", str(a.startedAt()));
            am.put("finishedAt", str(a.finishedAt()));
            am.put("error", a.error());
            am.put("inputs", a.inputs());
            am.put("outputs", a.outputs());
            attempts.computeIfAbsent(a.nodeId(), k -> new ArrayList<>()).add(am);
        }
        var nodes = new ArrayList<Map<String, Object>>();
        for (var def : compiled.nodes()) {
            var r = runs.get(def.id());
            var n = new LinkedHashMap<String, Object>();
            n.put("id", def.id());
            n.put("name", def.name());
            n.put("kind", def.kind().wireName());
            n.put("plugin", def.plugin());
            n.put("optional", def.optional());
            n.put("state", r == null ? "PENDING" : r.state());
            n.put("attempt", r == null ? 0 : r.attempt());
            n.put("pass", r == null ? 0 : r.pass());
            n.put("startedAt", r == null ? null : str(r.startedAt()));
            n.put("finishedAt", r == null ? null : str(r.finishedAt()));
            n.put("dueAt", r == null ? null : str(r.dueAt()));
            n.put("inputs", r == null ? Map.of() : r.inputs());
            n.put("outputs", r == null ? Map.of() : r.outputs());
            n.put("error", r == null ? null : r.error());
            n.put("waitingFor", r == null ? null : r.waitingFor());
            if (r != null && r.pluginState().containsKey("child_task_id")) {
                n.put("childTaskId", r.pluginState().get("child_task_id"));
            }
            n.put("attempts", withCurrent(attempts.getOrDefault(def.id(), List.of()), r));
            nodes.add(n);
        }
        m.put("nodes", nodes);
        return m;
    }

    /** History rows are written when an attempt ends; the attempt in progress is the node run itself. */
    private static List<Map<String, Object>> withCurrent(List<Map<String, Object>> ended, NodeRow r) {
        if (r == null || r.attempt() < 1) return ended;
        for (var a : ended) {
            if (a.get("pass").equals(r.pass()) && a.get("attempt").equals(r.attempt())) return ended;
        }
        var all = new ArrayList<>(ended);
        var am = new LinkedHashMap<String, Object>();
        am.put("attempt", r.attempt());
        am.put("pass", r.pass());
        am.put("state", r.state());
        am.put("startedAt", str(r.startedAt()));
        am.put("finishedAt", str(r.finishedAt()));
        am.put("error", r.error());
        am.put("inputs", r.inputs());
        am.put("outputs", r.outputs());
        all.add(am);
        return all;
    }

    static String str(Instant i) {
        return i == null ? null : i.toString();
    }
}
