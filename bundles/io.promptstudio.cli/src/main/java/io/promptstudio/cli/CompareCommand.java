package io.promptstudio.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine;

/**
 * Two versions side by side on an eval's rows and assertions: {@code promptstudio compare A B --eval FILE#EVAL} is
 * {@code promptstudio eval FILE#EVAL --variants A,B}, which prints the A/B statistics and the verdict for B.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "Compare two prompts (or one prompt with two profiles,"
        + " PROMPT@PROFILE) on an eval's dataset and assertions: B against A with the paired statistics and a verdict. Takes the"
        + " options of eval. Exit 1 when the suite fails.")
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The baseline: PROMPT, PROMPT@PROFILE, PROMPT:GIT-REVISION or"
            + " PROMPT~VERSION (a version hash the run history kept).")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "The candidate, written as the baseline.")
    String b;

    @Option(names = "--eval", required = true, paramLabel = "FILE#EVAL", description = "The eval whose rows and assertions judge them.")
    String eval;

    @Unmatched
    List<String> evalOptions = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> arguments = new ArrayList<>(List.of("eval", eval, "--variants", a + "," + b));
        arguments.addAll(evalOptions);
        CommandLine line = PromptStudioCli.commandLine();
        line.setOut(spec.commandLine().getOut());
        line.setErr(spec.commandLine().getErr());
        return line.execute(arguments.toArray(String[]::new));
    }
}
