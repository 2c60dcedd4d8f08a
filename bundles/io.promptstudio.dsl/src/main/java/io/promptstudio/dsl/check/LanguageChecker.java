package io.promptstudio.dsl.check;

import io.promptstudio.core.PromptFile;
import io.promptstudio.core.PromptProject;
import io.promptstudio.core.services.Diagnostic;
import io.promptstudio.core.services.PromptChecker;
import io.promptstudio.core.services.Severity;
import io.promptstudio.dsl.LanguageWorkspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.ResourceValidatorImpl;

/**
 * Checks prompt files with the language's parser, linker and validator, as one workspace: names declared
 * in any of the files are visible to all. Plain Java: used by the CLI, and later by the workbench and
 * the language server. Not thread-safe; use one instance per thread.
 */
public final class LanguageChecker implements PromptChecker {

    /** Code of syntax errors. */
    public static final String SYNTAX = "promptstudio.syntax";
    /** Code of names that resolve to nothing. */
    public static final String UNRESOLVED = "promptstudio.unresolved-reference";
    /** Code of files that cannot be read. */
    public static final String UNREADABLE = LanguageWorkspace.UNREADABLE;
    /** Code of a failure inside the checker: the file's result is incomplete, so it must not pass. */
    public static final String INTERNAL_ERROR = "promptstudio.internal-error";

    private static final Map<String, String> XTEXT_CODES = Map.of(
            org.eclipse.xtext.diagnostics.Diagnostic.SYNTAX_DIAGNOSTIC, SYNTAX,
            org.eclipse.xtext.diagnostics.Diagnostic.LINKING_DIAGNOSTIC, UNRESOLVED);

    /**
     * A finding with where it stands in the file's text, for editors that underline it: {@code offset} and
     * {@code length} count UTF-16 units; a finding with no place in the text (an unreadable file) has length 0 at 0.
     */
    public record Finding(Diagnostic diagnostic, int offset, int length) {
    }

    /** Checks one file together with the other prompt files of its project. */
    @Override
    public List<Diagnostic> check(PromptFile file) throws IOException {
        List<Path> all = PromptProject.isProject(file.projectDirectory())
                ? PromptProject.open(file.projectDirectory()).promptFiles().stream().map(PromptFile::path).toList()
                : List.of(file.path());
        Path target = file.path().toAbsolutePath().normalize();
        return check(all.contains(file.path()) ? all : append(all, file.path())).stream()
                .filter(diagnostic -> diagnostic.file().toAbsolutePath().normalize().equals(target)).toList();
    }

    /** Checks the files as one workspace; the result is ordered by file, line and column. */
    public List<Diagnostic> check(List<Path> files) {
        return check(LanguageWorkspace.load(files));
    }

    /** Checks every file loaded in the workspace (again, after an edit: linking and validation see the new text). */
    public List<Diagnostic> check(LanguageWorkspace workspace) {
        return check(workspace, (done, total) -> { });
    }

    /** Checks every file loaded in the workspace, telling the progress as it goes. */
    public List<Diagnostic> check(LanguageWorkspace workspace, Progress progress) {
        java.util.Set<Path> all = new java.util.HashSet<>(workspace.resources().keySet());
        workspace.loadProblems().forEach(problem -> all.add(problem.file()));
        return check(workspace, all, progress);
    }

    /**
     * Checks some files of a workspace against all of it: after an edit, the edited file and the files that use
     * its names. Problems loading other files are not repeated.
     */
    public List<Diagnostic> check(LanguageWorkspace workspace, java.util.Collection<Path> files) {
        return check(workspace, files, (done, total) -> { });
    }

    /** Told after each file is checked: how many are done, of how many. */
    public interface Progress {
        void checked(int done, int total);
    }

    /** {@link #check(LanguageWorkspace, java.util.Collection)}, telling the progress as it goes. */
    public List<Diagnostic> check(LanguageWorkspace workspace, java.util.Collection<Path> files, Progress progress) {
        return findings(workspace, files, progress).stream().map(Finding::diagnostic).toList();
    }

    /** {@link #check(LanguageWorkspace, java.util.Collection, Progress)} with each finding's place in the text. */
    public List<Finding> findings(LanguageWorkspace workspace, java.util.Collection<Path> files, Progress progress) {
        java.util.Set<Path> wanted = new java.util.HashSet<>();
        files.forEach(file -> wanted.add(file.toAbsolutePath().normalize()));
        List<Finding> diagnostics = new ArrayList<>(workspace.loadProblems().stream()
                .filter(problem -> wanted.contains(problem.file().toAbsolutePath().normalize())).map(problem -> new Finding(problem, 0, 0)).toList());
        IResourceValidator validator = workspace.languageInjector().getInstance(IResourceValidator.class);
        int total = (int) workspace.resources().keySet().stream().filter(wanted::contains).count();
        int done = 0;
        for (var file : workspace.resources().entrySet()) {
            if (!wanted.contains(file.getKey())) {
                continue;
            }
            progress.checked(done++, total);
            // Xtext's validator logs a failing check and carries on; a logged failure must not look like a clean file.
            if (syntaxErrorXtextCannotPlace(file.getValue())) {
                // Xtext fails to place some syntax errors (found by fuzzing), and the rest of the checks mean little
                // before the syntax is fixed: the syntax errors are placed here, from their offsets.
                diagnostics.addAll(syntaxFindings(file.getKey(), file.getValue()));
                continue;
            }
            FailureRecorder failures = new FailureRecorder();
            Logger validatorLog = Logger.getLogger(ResourceValidatorImpl.class);
            validatorLog.addAppender(failures);
            try {
                for (Issue issue : validator.validate(file.getValue(), CheckMode.ALL, CancelIndicator.NullImpl)) {
                    diagnostics.add(new Finding(toDiagnostic(file.getKey(), issue), issue.getOffset() == null ? 0 : Math.max(0, issue.getOffset()),
                            issue.getLength() == null ? 0 : Math.max(0, issue.getLength())));
                }
            } catch (RuntimeException e) {
                failures.messages.add(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            } finally {
                validatorLog.removeAppender(failures);
            }
            for (String failure : failures.messages) {
                diagnostics.add(new Finding(new Diagnostic(file.getKey(), 1, 1, Severity.ERROR, INTERNAL_ERROR,
                        "the checker failed on this file, so its result is incomplete: " + failure), 0, 0));
            }
        }
        diagnostics.sort(Comparator.comparing((Finding f) -> f.diagnostic().file().toString()).thenComparingInt(f -> f.diagnostic().line())
                .thenComparingInt(f -> f.diagnostic().column()));
        return diagnostics;
    }

    /** Collects the errors a logger reports while it is attached. */
    private static final class FailureRecorder extends AppenderSkeleton {
        final List<String> messages = new ArrayList<>();

        @Override
        protected void append(LoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                Throwable cause = event.getThrowableInformation() == null ? null : event.getThrowableInformation().getThrowable();
                messages.add(cause == null ? String.valueOf(event.getMessage()) : cause.toString());
            }
        }

        @Override
        public void close() {
            // nothing to release
        }

        @Override
        public boolean requiresLayout() {
            return false;
        }
    }

    /** Whether Xtext fails to place one of the file's syntax errors (a range outside its node, found by fuzzing). */
    private static boolean syntaxErrorXtextCannotPlace(org.eclipse.xtext.resource.XtextResource resource) {
        for (var error : resource.getErrors()) {
            try {
                error.getLine();
                error.getColumn();
                // the end too: a run of CR line breaks at the end of a file made Xtext read past the text (fuzzing found it)
                if (error instanceof org.eclipse.xtext.diagnostics.AbstractDiagnostic placed) {
                    placed.getLineEnd();
                    placed.getColumnEnd();
                }
            } catch (RuntimeException e) {
                return true;
            }
        }
        return false;
    }

    /** The file's syntax errors, each placed at its offset within the text (cut at the text's end). */
    private static List<Finding> syntaxFindings(Path file, org.eclipse.xtext.resource.XtextResource resource) {
        String text = resource.getParseResult() == null || resource.getParseResult().getRootNode() == null ? ""
                : resource.getParseResult().getRootNode().getText();
        List<Finding> findings = new ArrayList<>();
        for (var error : resource.getErrors()) {
            int offset = error instanceof org.eclipse.xtext.diagnostics.AbstractDiagnostic placed ? placed.getOffset() : 0;
            offset = Math.max(0, Math.min(text.length(), offset));
            int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
            int line = (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
            int length = error instanceof org.eclipse.xtext.diagnostics.AbstractDiagnostic placed ? placed.getLength() : 0;
            findings.add(new Finding(new Diagnostic(file, line, offset - lineStart + 1, Severity.ERROR, SYNTAX, error.getMessage()), offset,
                    Math.max(0, Math.min(length, text.length() - offset))));
        }
        return findings;
    }

    private static Diagnostic toDiagnostic(Path file, Issue issue) {
        Severity severity = switch (issue.getSeverity()) {
            case ERROR -> Severity.ERROR;
            case WARNING -> Severity.WARNING;
            default -> Severity.INFO;
        };
        String code = issue.getCode() == null ? SYNTAX : XTEXT_CODES.getOrDefault(issue.getCode(), issue.getCode());
        int line = issue.getLineNumber() == null || issue.getLineNumber() < 1 ? 1 : issue.getLineNumber();
        int column = issue.getColumn() == null || issue.getColumn() < 1 ? 1 : issue.getColumn();
        return new Diagnostic(file, line, column, severity, code, issue.getMessage());
    }

    private static List<Path> append(List<Path> files, Path file) {
        List<Path> all = new ArrayList<>(files);
        all.add(file);
        return all;
    }
}
