package io.promptstudio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.promptstudio.core.services.Diagnostic;
import io.promptstudio.core.services.Severity;
import io.promptstudio.dsl.check.LanguageChecker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Checks prompt files (all of them together, so names resolve across files) and reports every finding. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check prompt files for syntax, type and reference errors. Exit 1 when there are errors.")
final class CheckCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Prompt files or folders to check (default: the current folder).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
    Format format = Format.text;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var workspace = CliPaths.load(paths, "check");
        // a progress line only for a person at a terminal: logs and pipes get the findings alone
        boolean terminal = CliPaths.interactive();
        List<Diagnostic> diagnostics = new LanguageChecker().check(workspace, (done, total) -> {
            if (terminal && total >= 50 && done % 25 == 0) {
                err.print("\rchecking " + done + "/" + total + " files");
                err.flush();
            }
        });
        if (terminal && workspace.resources().size() >= 50) {
            err.print("\r" + " ".repeat(40) + "\r");
            err.flush();
        }
        int files = workspace.resources().size() + workspace.loadProblems().size();
        long errors = diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).count();
        long warnings = diagnostics.stream().filter(d -> d.severity() == Severity.WARNING).count();
        if (format == Format.json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("files", files);
            report.put("errors", errors);
            report.put("warnings", warnings);
            report.put("diagnostics", diagnostics.stream().map(d -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("file", CliPaths.shown(d.file()));
                entry.put("line", d.line());
                entry.put("column", d.column());
                entry.put("severity", d.severity().name().toLowerCase(java.util.Locale.ROOT));
                entry.put("code", d.code());
                entry.put("message", d.message());
                return entry;
            }).toList());
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            diagnostics.forEach(d -> out.println(d.format(CliPaths.shown(d.file()))));
            out.flush();
            err.println(summary(files, errors, warnings));
        }
        out.flush();
        err.flush();
        return errors > 0 ? 1 : 0;
    }

    private static String summary(int files, long errors, long warnings) {
        return "checked " + files + " file" + (files == 1 ? "" : "s") + ": " + errors + " error" + (errors == 1 ? "" : "s")
                + ", " + warnings + " warning" + (warnings == 1 ? "" : "s");
    }
}
