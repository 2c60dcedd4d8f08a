package io.promptstudio.core.services;

import io.promptstudio.core.PromptFile;
import java.io.IOException;
import java.util.List;

/**
 * Checks prompt files: syntax, types, references. The prompt language fills this in; the workbench,
 * the CLI's {@code check} command and the language server all call it through this interface.
 */
public interface PromptChecker {

    /** The diagnostics of one file, in the order they occur in it; empty when the file is clean. */
    List<Diagnostic> check(PromptFile file) throws IOException;
}
