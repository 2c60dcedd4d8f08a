package io.promptstudio.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.promptstudio.core.services.Diagnostic;
import io.promptstudio.core.services.Severity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DiagnosticTest {

    @Test
    void formatsLikeACompilerSoEditorsAndCiCanJumpToIt() {
        Diagnostic diagnostic = new Diagnostic(Path.of("prompts/a.pstudio"), 3, 14, Severity.ERROR, "unknown-type",
                "Unknown type 'strng'");
        assertEquals("prompts/a.pstudio:3:14: error: Unknown type 'strng' [unknown-type]", diagnostic.format());
        assertEquals("a.pstudio:3:14: error: Unknown type 'strng' [unknown-type]", diagnostic.format("a.pstudio"));
    }

    @Test
    void positionsAreOneBased() {
        assertThrows(IllegalArgumentException.class,
                () -> new Diagnostic(Path.of("a.pstudio"), 0, 1, Severity.ERROR, "x", "y"));
    }
}
