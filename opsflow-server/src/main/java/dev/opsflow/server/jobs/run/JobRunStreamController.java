package dev.opsflow.server.jobs.run;

import dev.opsflow.jobs.run.JobService;
import dev.opsflow.jobs.run.RunEvents;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live run updates over Server-Sent Events: {@code event: run} (the run view, first and on every state
 * change), {@code event: host} ({@code {step, attempt, host, state, message}}), {@code event: log}
 * ({@code {step, attempt, host, stream, text}}, secrets masked), and {@code event: end} once the run is
 * no longer RUNNING. Live events come from the server driving the run; the stored history
 * ({@code GET .../job-runs/{id}}, {@code /hosts}, {@code /logs}) is complete on every replica.
 *
 * <p>A {@code host} event is sent once what it reports is stored: reading the run's hosts on it shows
 * that state or a later one, and for a final state the host's whole result (exit code, end, error,
 * output heads). Host changes are stored in batches every 250 ms, so a host's {@code log} lines can
 * arrive before its {@code host} event.
 */
@RestController
@RequestMapping("/api/v1/projects/{project}/job-runs")
public class JobRunStreamController {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JobRunStreamController.class);
    private final JobService jobs;

    public JobRunStreamController(JobService jobs) {
        this.jobs = jobs;
    }

    @GetMapping(path = "/{id}/stream", produces = "text/event-stream")
    SseEmitter stream(@PathVariable String project, @PathVariable String id) {
        jobs.runs().get(project, id);
        var emitter = new SseEmitter(0L);
        Thread.ofVirtual().name("job-sse-" + id).start(() -> pump(project, id, emitter));
        return emitter;
    }

    private void pump(String project, String id, SseEmitter emitter) {
        var queue = new LinkedBlockingQueue<RunEvents.Event>(10_000);
        try (var ignored = jobs.events().subscribe(id, queue::offer)) {
            emitter.send(SseEmitter.event().name("run").data(JobViews.run(jobs.runs().get(project, id))));
            while (true) {
                var e = queue.poll(500, TimeUnit.MILLISECONDS);
                if (e != null) {
                    emitter.send(SseEmitter.event().name(e.type()).data(e.data()));
                    continue;
                }
                var run = jobs.runs().get(project, id);
                if (!run.state().isMoving()) {
                    emitter.send(SseEmitter.event().name("run").data(JobViews.run(run)));
                    emitter.send(SseEmitter.event().name("end").data(Map.of("state", run.state().name())));
                    emitter.complete();
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (Exception e) {
            log.warn("stream of job run failed: {}", e.toString());
            emitter.completeWithError(e);
        }
    }
}
