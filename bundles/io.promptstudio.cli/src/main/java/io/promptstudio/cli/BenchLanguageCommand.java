package io.promptstudio.cli;

import io.promptstudio.core.services.Diagnostic;
import io.promptstudio.core.services.Severity;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.check.LanguageChecker;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures the checker on a generated workspace (files that import each other, prompts with templates, tests)
 * and prints the figures: a cold check of everything, then re-checking after an edit of one file. A benchmark,
 * not a test: it asserts nothing about time.
 */
@Command(name = "bench-language", mixinStandardHelpOptions = true, hidden = true,
        description = "Generate a synthetic workspace and measure cold and incremental checking.")
final class BenchLanguageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--files", description = "Files to generate (default: ${DEFAULT-VALUE}).")
    int files = 1000;

    @Option(names = "--prompts-per-file", description = "Prompts in each file (default: ${DEFAULT-VALUE}).")
    int promptsPerFile = 10;

    @Option(names = "--edits", description = "Single-file edits to time (default: ${DEFAULT-VALUE}).")
    int edits = 30;

    @Option(names = "--dir", description = "Where to write the workspace (default: a temporary folder, removed after).")
    Path dir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path folder = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("promptstudio-bench");
        List<Path> paths = new ArrayList<>();
        long lines = 0;
        for (int i = 0; i < files; i++) {
            Path file = folder.resolve("module" + i + ".pstudio");
            String text = SyntheticWorkspace.file(i, promptsPerFile);
            lines += text.lines().count();
            Files.writeString(file, text, StandardCharsets.UTF_8);
            paths.add(file);
        }
        out.printf("workspace: %d files, %d prompts, %d tests, %d lines in %s%n", files, files * promptsPerFile,
                files * SyntheticWorkspace.TESTS_PER_FILE, lines, folder);
        out.flush();

        LanguageChecker checker = null;
        LanguageWorkspace workspace = null;
        for (String run : List.of("cold (first in this JVM)", "again (JIT warm, new workspace)")) {
            long start = System.nanoTime();
            checker = new LanguageChecker();
            long setup = System.nanoTime();
            workspace = LanguageWorkspace.load(paths);
            long parsed = System.nanoTime();
            List<Diagnostic> found = checker.check(workspace);
            long checked = System.nanoTime();
            long errors = found.stream().filter(d -> d.severity() == Severity.ERROR).count();
            out.printf("%s: language setup %d ms, parse %d ms, link + check %d ms, total %d ms; %d findings (%d errors)%n", run,
                    ms(setup - start), ms(parsed - setup), ms(checked - parsed), ms(checked - start), found.size(), errors);
            if (errors > 0) {
                out.println("the generated workspace should check clean; first finding: " + found.get(0).format());
                return 1;
            }
            out.printf("heap used after the check: %d MB%n", heapAfterGc());
            out.flush();
        }

        double[] times = new double[edits];
        for (int n = 0; n < edits; n++) {
            int index = (n * 37) % files;
            Path file = paths.get(index);
            byte[] edited = SyntheticWorkspace.file(index, promptsPerFile).replace("Summarize for", "Summarize, edit " + n + ", for")
                    .getBytes(StandardCharsets.UTF_8);
            long before = System.nanoTime();
            workspace.replace(file, edited);
            List<Path> affected = new ArrayList<>(List.of(file));
            if (index + 1 < files) {
                affected.add(paths.get(index + 1));
            }
            List<Diagnostic> again = checker.check(workspace, affected);
            times[n] = (System.nanoTime() - before) / 1e6;
            if (again.stream().anyMatch(d -> d.severity() == Severity.ERROR)) {
                out.println("an edit made the workspace fail: " + again.get(0).format());
                return 1;
            }
        }
        Arrays.sort(times);
        out.printf("incremental (reparse one file, re-check it and the file that imports it), %d edits: median %.1f ms, p90 %.1f ms, max %.1f ms%n",
                edits, times[edits / 2], times[(int) Math.min(edits - 1, Math.ceil(edits * 0.9) - 1)], times[edits - 1]);
        if (dir == null) {
            try (var walk = Files.walk(folder)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        out.flush();
        return 0;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    }
}
