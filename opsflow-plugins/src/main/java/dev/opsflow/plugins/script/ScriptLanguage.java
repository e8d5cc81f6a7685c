package dev.opsflow.plugins.script;

import dev.opsflow.plugins.support.InvalidInputException;
import java.util.Arrays;
import java.util.List;

/** Interpreters the {@code script} plugin can run, by the {@code language} input's value. */
public enum ScriptLanguage {
    BASH("bash", "bash", ".sh"),
    SH("sh", "sh", ".sh"),
    PYTHON3("python3", "python3", ".py");

    private final String code;
    private final String interpreter;
    private final String suffix;

    ScriptLanguage(String code, String interpreter, String suffix) {
        this.code = code;
        this.interpreter = interpreter;
        this.suffix = suffix;
    }

    /** @return the value used in templates ({@code bash}, {@code sh}, {@code python3}) */
    public String code() {
        return code;
    }

    /** @return the interpreter command, looked up on the server's PATH */
    String interpreter() {
        return interpreter;
    }

    /** @return the script file's suffix */
    String suffix() {
        return suffix;
    }

    /** @return every code, for the descriptor's select options */
    static List<Object> codes() {
        return Arrays.stream(values()).map(l -> (Object) l.code).toList();
    }

    /** @throws InvalidInputException naming {@code input} when the code is unknown */
    static ScriptLanguage of(String input, String code) {
        for (var l : values()) {
            if (l.code.equals(code)) return l;
        }
        throw new InvalidInputException(input, "expected one of " + codes() + " but got '" + code + "'");
    }
}
