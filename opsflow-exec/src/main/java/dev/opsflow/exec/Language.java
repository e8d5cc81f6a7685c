package dev.opsflow.exec;

/** Script languages and the interpreter each runs with on the host. */
public enum Language {
    BASH("bash"),
    SH("sh"),
    PYTHON3("python3"),
    PERL("perl");

    private final String interpreter;

    Language(String interpreter) {
        this.interpreter = interpreter;
    }

    /** @return the interpreter command looked up on the host's PATH, e.g. {@code "python3"} */
    public String interpreter() {
        return interpreter;
    }
}
