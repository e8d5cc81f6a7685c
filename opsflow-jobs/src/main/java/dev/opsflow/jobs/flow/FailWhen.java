package dev.opsflow.jobs.flow;

/**
 * When a job node fails, as a value: {@code any} (the default) fails it when any host did not
 * succeed; {@code percent:N} (0..100) fails it when more than N percent of the hosts did not.
 *
 * @param percent the tolerated share of failed hosts in percent; 0 for {@code any}
 */
record FailWhen(int percent) {
    static final FailWhen ANY = new FailWhen(0);

    FailWhen {
        if (percent < 0 || percent > 100) throw new IllegalArgumentException("percent must be 0..100 but was " + percent);
    }

    /** @throws IllegalArgumentException naming the input for anything but {@code any} or {@code percent:N} */
    static FailWhen parse(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("any")) return ANY;
        var t = text.trim().toLowerCase();
        if (t.matches("percent:\\s*\\d{1,3}")) {
            int n = Integer.parseInt(t.substring(t.indexOf(':') + 1).trim());
            if (n <= 100) return new FailWhen(n);
        }
        throw FlowInputs.invalid("fail_when", "expected 'any' or 'percent:N' with N in 0..100 but got '" + text + "'");
    }

    /** @return true when {@code failed} of {@code total} hosts is more than this policy tolerates */
    boolean fails(long total, long failed) {
        if (failed == 0) return false;
        if (percent == 0 || total == 0) return true;
        return failed * 100 > (long) percent * total;
    }

    @Override
    public String toString() {
        return percent == 0 ? "any" : "percent:" + percent;
    }
}
