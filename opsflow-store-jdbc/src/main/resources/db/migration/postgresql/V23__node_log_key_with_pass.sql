-- A node's log lines are keyed by (task, node, pass, attempt, seq). V22 gave lines their loop pass but
-- kept the key (task, node, attempt, seq), so two passes' lines with one attempt number and seq could not
-- both be stored — and seqs come from each engine process's own counter, so after a restart a new pass
-- could reuse the seqs an earlier pass had (the insert failed and its whole batch of lines was lost).
-- The key now covers the pass; seq orders the lines within one pass and attempt (an engine that takes
-- an attempt over continues after its last stored line). Rows unique under the old key stay unique.
-- The column order also serves the reads: one attempt's lines in seq order, the latest pass and attempt.

ALTER TABLE node_log DROP CONSTRAINT node_log_pkey;
ALTER TABLE node_log ADD PRIMARY KEY (task_id, node_id, pass, attempt, seq);
