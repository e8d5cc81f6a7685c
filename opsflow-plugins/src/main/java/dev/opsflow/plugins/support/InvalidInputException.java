package dev.opsflow.plugins.support;

/**
 * An input that is missing or has the wrong shape at run time (after rendering). The message always
 * names the input, e.g. {@code input 'timeout': expected a duration such as 30s but got 'soon'}.
 * Plugins turn it into a {@code Failed} result with that message.
 */
public final class InvalidInputException extends IllegalArgumentException {
    /**
     * @param input   the input's name ({@code env.TOKEN} for a map entry, {@code args[2]} for a list item)
     * @param problem what is wrong, without the input name
     */
    public InvalidInputException(String input, String problem) {
        super("input '" + input + "': " + problem);
    }
}
