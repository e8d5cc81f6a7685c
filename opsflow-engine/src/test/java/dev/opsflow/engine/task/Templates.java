package dev.opsflow.engine.task;

/** YAML templates for decider tests; each exercises one graph shape or policy. */
final class Templates {
    private Templates() {
    }

    /** start -> build -> deploy -> end; deploy reads build's output, the task outputs deploy's. */
    static final String LINEAR = """
            name: linear
            outputs:
              result: "${deploy.y}"
            nodes:
              - {id: start, kind: start, next: build}
              - {id: build, plugin: noop, inputs: {outputs: {x: 41}}, next: deploy}
              - {id: deploy, plugin: noop, inputs: {outputs: {y: "${build.x + 1}"}}, next: end}
              - {id: end, kind: end}
            """;

    static final String PARALLEL = """
            name: parallel
            nodes:
              - {id: start, kind: start, next: split}
              - {id: split, kind: parallel, branches: [{to: a}, {to: b}]}
              - {id: a, plugin: noop, inputs: {outputs: {from: a}}, next: join}
              - {id: b, plugin: noop, inputs: {outputs: {from: b}}, next: join}
              - {id: join, kind: converge, next: c}
              - {id: c, plugin: noop, inputs: {outputs: {both: "${a.from + b.from}"}}, next: end}
              - {id: end, kind: end}
            """;

    static final String INCLUSIVE = """
            name: inclusive
            inputs:
              want_a: {type: bool, default: false}
              want_b: {type: bool, default: false}
            nodes:
              - {id: start, kind: start, next: split}
              - id: split
                kind: inclusive
                branches:
                  - {to: a, when: "want_a"}
                  - {to: b, when: "${want_b}"}
                  - {to: c, default: true}
              - {id: a, plugin: noop, next: join}
              - {id: b, plugin: noop, next: join}
              - {id: c, plugin: noop, next: join}
              - {id: join, kind: converge, next: end}
              - {id: end, kind: end}
            """;

    static final String EXCLUSIVE = """
            name: exclusive
            inputs:
              env: {type: string, default: dev}
            nodes:
              - {id: start, kind: start, next: route}
              - id: route
                kind: exclusive
                branches:
                  - {to: prod, when: "env == 'production'"}
                  - {to: stage, when: "env == 'staging' or env == 'production'"}
                  - {to: other, default: true}
              - {id: prod, plugin: noop, next: end}
              - {id: stage, plugin: noop, next: end}
              - {id: other, plugin: noop, next: end}
              - {id: end, kind: end}
            """;

    static final String EXCLUSIVE_WITHOUT_DEFAULT = """
            name: strict
            inputs:
              env: {type: string}
            nodes:
              - {id: start, kind: start, next: route}
              - id: route
                kind: exclusive
                branches:
                  - {to: prod, when: "env == 'production'"}
                  - {to: stage, when: "env == 'staging'"}
              - {id: prod, plugin: noop, next: end}
              - {id: stage, plugin: noop, next: end}
              - {id: end, kind: end}
            """;

    /** work runs until its output says again: false; at most three passes; each attempt has a 60s limit. */
    static final String LOOP = """
            name: loop
            nodes:
              - {id: start, kind: start, next: work}
              - {id: work, plugin: noop, loopLimit: 3, timeout: 60s, next: check}
              - id: check
                kind: exclusive
                branches:
                  - {to: work, when: "work.again"}
                  - {to: end, default: true}
              - {id: end, kind: end}
            """;

    static String retry(String policy) {
        return """
                name: retry
                nodes:
                  - {id: start, kind: start, next: flaky}
                  - {id: flaky, plugin: noop, retry: %s, next: end}
                  - {id: end, kind: end}
                """.formatted(policy);
    }

    /** start -> step (with the given extra fields) -> after -> end. */
    static String step(String fields) {
        return """
                name: step
                nodes:
                  - {id: start, kind: start, next: step}
                  - {id: step, plugin: noop, %s, next: after}
                  - {id: after, plugin: noop, next: end}
                  - {id: end, kind: end}
                """.formatted(fields);
    }

    static final String APPROVAL = """
            name: approval
            outputs:
              approved: "${approve.approved}"
            nodes:
              - {id: start, kind: start, next: approve}
              - {id: approve, plugin: approval, inputs: {message: ship it?}, next: end}
              - {id: end, kind: end}
            """;

    /** a noop and an approval side by side. */
    static final String RUNNING_AND_WAITING = """
            name: mixed
            nodes:
              - {id: start, kind: start, next: split}
              - {id: split, kind: parallel, branches: [{to: work}, {to: approve}]}
              - {id: work, plugin: noop, next: join}
              - {id: approve, plugin: approval, next: join}
              - {id: join, kind: converge, next: end}
              - {id: end, kind: end}
            """;

    static final String SUBFLOW = """
            name: parent
            outputs:
              url: "${deploy.url}"
            nodes:
              - {id: start, kind: start, next: deploy}
              - {id: deploy, kind: subflow, template: child, inputs: {v: "1.0"}, outputs: {url: child_url}, next: end}
              - {id: end, kind: end}
            """;

    static final String SLEEP = """
            name: sleeper
            nodes:
              - {id: start, kind: start, next: nap}
              - {id: nap, plugin: sleep, inputs: {duration: 5m}, next: end}
              - {id: end, kind: end}
            """;
}
