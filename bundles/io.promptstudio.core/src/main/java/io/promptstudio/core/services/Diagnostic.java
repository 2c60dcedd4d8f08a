package io.promptstudio.core.services;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One finding about a prompt file, placed at a line and column (both 1-based), with an issue code
 * that quick fixes and documentation refer to.
 */
public record Diagnostic(Path file, int line, int column, Severity severity, String code, String message) {

    public Diagnostic {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based, got " + line + ":" + column);
        }
    }

    /** The compiler-style form {@code file:line:column: severity: message [code]} that editors and CI parse. */
    public String format() {
        return format(file.toString());
    }

    /** The same form with the file shown as given (e.g. relative to the current folder). */
    public String format(String shownFile) {
        return shownFile + ":" + line + ":" + column + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": "
                + message + " [" + code + "]";
    }
}
