-- The fast-changing part of a task moves out of the task row: the fence version (bumped by every
-- committed decision) and the converge counters. The task row is wide (variables, outputs) and has
-- four secondary indexes; H2 rewrites every index entry of a row on any update, so bumping the
-- version there cost five index removals and insertions per node transition. task_progress has only
-- its primary key. The task row is now updated only when its state, times, outputs or owner change.
-- Numbered after the server's and jobs' migrations (one Flyway history for all modules).

CREATE TABLE task_progress (
    task_id   VARCHAR(64) PRIMARY KEY,
    version   BIGINT      NOT NULL,
    converges CLOB
);

INSERT INTO task_progress (task_id, version, converges) SELECT id, version, converges FROM task;

ALTER TABLE task DROP COLUMN version;
ALTER TABLE task DROP COLUMN converges;

-- Log lines carry the loop pass of their attempt: each pass of a looped node starts again at attempt 1,
-- so (node, attempt) alone mixed the passes' lines. Lines written before this migration count as pass 1.
ALTER TABLE node_log ADD COLUMN pass INTEGER NOT NULL DEFAULT 1;
