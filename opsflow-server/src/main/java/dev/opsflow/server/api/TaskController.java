package dev.opsflow.server.api;

import dev.opsflow.engine.runtime.TaskCreator;
import dev.opsflow.engine.runtime.TaskEngine;
import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.engine.task.Signal;
import dev.opsflow.engine.task.TaskEvent;
import dev.opsflow.engine.task.TaskState;
import dev.opsflow.server.auth.AuthFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Tasks: create, read, operate on tasks and nodes, events and logs. */
@RestController
@RequestMapping("/api/v1")
public class TaskController {
    private final TaskEngine engine;
    private final TaskRepository repository;
    private final TaskViews views;

    public TaskController(TaskEngine engine, TaskRepository repository, TaskViews views) {
        this.engine = engine;
        this.repository = repository;
        this.views = views;
    }

    @PostMapping("/projects/{project}/tasks")
    ResponseEntity<Map<String, Object>> create(@PathVariable String project, @RequestBody Map<String, Object> body,
                                               HttpServletRequest req) {
        var b = RequestBodies.of(body);
        var template = b.requiredString("template");
        var deselect = b.strings("deselect");
        var vars = b.map("variables");
        var request = TaskCreator.Request.of(project, template, b.integer("version"), b.string("name"),
                vars == null ? Map.of() : vars, deselect == null ? Set.of() : new HashSet<>(deselect), AuthFilter.actor(req));
        var id = b.bool("start", true) ? engine.creator().createAndStart(request) : engine.creator().create(request);
        return ResponseEntity.status(HttpStatus.CREATED).body(views.detail(id));
    }

    @GetMapping("/projects/{project}/tasks")
    List<Map<String, Object>> list(@PathVariable String project, @RequestParam(required = false) String state,
                                   @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
        TaskState s = null;
        if (state != null) {
            try {
                s = TaskState.valueOf(state.toUpperCase());
            } catch (IllegalArgumentException e) {
                throw RequestBodies.invalidParameter("state", "unknown task state '" + state + "'");
            }
        }
        return repository.listTasks(project, s, RequestBodies.limit("limit", limit, 1000), Math.max(0, offset)).stream().map(views::summary).toList();
    }

    @GetMapping("/tasks/{id}")
    Map<String, Object> get(@PathVariable String id) {
        return views.detail(id);
    }

    @PostMapping("/tasks/{id}/{op:start|pause|resume|revoke}")
    Map<String, Object> taskOp(@PathVariable String id, @PathVariable String op,
                               @RequestBody(required = false) Map<String, Object> body, HttpServletRequest req) {
        var actor = AuthFilter.actor(req);
        var reason = RequestBodies.of(body).string("reason");
        Signal s = switch (op) {
            case "start" -> new Signal.Start(actor);
            case "pause" -> new Signal.Pause(actor, reason);
            case "resume" -> new Signal.Resume(actor, reason);
            default -> new Signal.Revoke(actor, reason);
        };
        engine.execute(id, s);
        return views.detail(id);
    }

    @PostMapping("/tasks/{id}/clone")
    ResponseEntity<Map<String, Object>> cloneTask(@PathVariable String id,
                                                  @RequestBody(required = false) Map<String, Object> body,
                                                  HttpServletRequest req) {
        var t = repository.findTask(id).orElseThrow(() -> new NoSuchElementException("task '" + id + "' does not exist"));
        var run = repository.loadRun(id).orElseThrow();
        var vars = new LinkedHashMap<String, Object>(run.variables);
        var overrides = RequestBodies.of(body).map("variables");
        if (overrides != null) vars.putAll(overrides);
        var newId = engine.creator().create(TaskCreator.Request.of(t.project(), t.template(), t.templateVersion(),
                t.name() + " (clone)", vars, t.deselected(), AuthFilter.actor(req)));
        return ResponseEntity.status(HttpStatus.CREATED).body(views.detail(newId));
    }

    @PostMapping("/tasks/{id}/nodes/{node}/{op}")
    Map<String, Object> nodeOp(@PathVariable String id, @PathVariable String node, @PathVariable String op,
                               @RequestBody(required = false) Map<String, Object> body, HttpServletRequest req) {
        var actor = AuthFilter.actor(req);
        var b = RequestBodies.of(body);
        switch (op) {
            case "retry" -> engine.execute(id, new Signal.RetryNode(node, b.map("inputs"), actor));
            case "skip" -> engine.execute(id, new Signal.SkipNode(node, b.map("outputs"),
                    b.string("reason"), actor));
            case "force-fail" -> engine.execute(id, new Signal.ForceFail(node, b.string("reason"), actor));
            case "resume" -> engine.execute(id, new Signal.ResumeNode(node, actor));
            case "approve", "reject" -> {
                var payload = new LinkedHashMap<String, Object>();
                payload.put("approved", op.equals("approve"));
                var comment = b.string("comment"); // read here: a callback's free-form body may hold any "comment"
                payload.put("comment", comment == null ? "" : comment);
                payload.put("operator", actor);
                engine.callback(id, node, op.equals("approve") ? "NODE_APPROVED" : "NODE_REJECTED", payload, actor);
            }
            case "callback" -> engine.callback(id, node, "NODE_CALLBACK", body == null ? Map.of() : body, actor);
            default -> throw new NoSuchElementException("unknown node operation '" + op
                    + "'; expected retry, skip, force-fail, resume, approve, reject or callback");
        }
        return views.detail(id);
    }

    @GetMapping("/tasks/{id}/events")
    List<TaskEvent> events(@PathVariable String id, @RequestParam(defaultValue = "0") long after,
                           @RequestParam(defaultValue = "500") int limit) {
        requireTask(id);
        return repository.events(id, after, RequestBodies.limit("limit", limit, 5000));
    }

    @GetMapping("/tasks/{id}/nodes/{node}/logs")
    Map<String, Object> logs(@PathVariable String id, @PathVariable String node,
                             @RequestParam(defaultValue = "0") int pass,
                             @RequestParam(defaultValue = "0") int attempt, @RequestParam(defaultValue = "0") long after,
                             @RequestParam(defaultValue = "1000") int limit) {
        requireTask(id);
        if (pass < 0) throw RequestBodies.invalidParameter("pass", "must be 0 (the latest) or a pass number, was " + pass);
        if (attempt < 0) {
            throw RequestBodies.invalidParameter("attempt", "must be 0 (the latest) or an attempt number, was " + attempt);
        }
        var lines = repository.logs(id, node, pass, attempt, after, RequestBodies.limit("limit", limit, 10000));
        var next = lines.isEmpty() ? after : lines.getLast().seq();
        return Map.of("lines", lines, "next", next);
    }

    private void requireTask(String id) {
        if (repository.findTask(id).isEmpty()) throw new NoSuchElementException("task '" + id + "' does not exist");
    }
}
