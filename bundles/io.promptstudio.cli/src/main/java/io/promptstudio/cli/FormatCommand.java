package io.promptstudio.cli;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.formatting.PromptFormatting;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Formats prompt files in place, or with --check only says which are not formatted (for CI). */
@Command(name = "format", mixinStandardHelpOptions = true,
        description = "Format prompt files in place. Files with syntax errors are left untouched. Exit 1 when a file was "
                + "not formatted (with --check) or could not be formatted.")
final class FormatCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Prompt files or folders (default: the current folder).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--check", description = "Change nothing; list the files that formatting would change.")
    boolean check;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LanguageWorkspace workspace = CliPaths.load(paths, "format");
        workspace.loadProblems().forEach(problem -> err.println(problem.format(CliPaths.shown(problem.file()))));
        PromptFormatting formatting = workspace.languageInjector().getInstance(PromptFormatting.class);
        int changed = 0;
        int refused = workspace.loadProblems().size();
        for (var entry : workspace.resources().entrySet()) {
            Path file = entry.getKey();
            String original = Files.readString(file, StandardCharsets.UTF_8);
            String formatted;
            try {
                formatted = formatting.format(entry.getValue());
            } catch (PromptFormatting.NotFormattableException e) {
                err.println(CliPaths.shown(file) + ": not formatted: " + e.getMessage());
                refused++;
                continue;
            }
            if (formatted.equals(original)) {
                continue;
            }
            changed++;
            if (check) {
                out.println(CliPaths.shown(file));
            } else {
                Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".format-", ".tmp");
                Files.writeString(temporary, formatted, StandardCharsets.UTF_8);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                out.println("formatted " + CliPaths.shown(file));
            }
        }
        out.flush();
        int files = workspace.resources().size();
        err.println((check ? "checked " : "formatted ") + files + " file" + (files == 1 ? "" : "s") + ": " + changed
                + (check ? " not formatted" : " changed") + (refused > 0 ? ", " + refused + " left as they were" : ""));
        err.flush();
        return refused > 0 || check && changed > 0 ? 1 : 0;
    }
}
