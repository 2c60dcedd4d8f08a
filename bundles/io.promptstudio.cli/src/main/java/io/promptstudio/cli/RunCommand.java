package io.promptstudio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.runs.CacheUse;
import io.promptstudio.runs.RunListener;
import io.promptstudio.runs.RunRequest;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.search.index.IndexException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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

/** Runs a prompt against its model and prints the typed output with tokens, cost and latency; every run goes into the history. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a prompt (or a chain) against a model: print the typed output, tokens, cost and latency, and record the run in"
                + " the history; a chain's every stage is kept in the chain store.")
final class RunCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "The prompt or chain: qualified, or simple when unique; FILE#PROMPT also"
            + " works.")
    String name;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "PATH", description = "Prompt files or folders (default: the current folder).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--arg", paramLabel = "NAME=VALUE", description = "An argument: text parameters as written, others as JSON.")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "PROFILE", description = "The profile to run with (default: the prompt's own).")
    String profile;

    @Option(names = "--history", paramLabel = "FILE", description = "The history database (default: ~/.promptstudio/history).")
    Path history;

    @Option(names = "--prices", paramLabel = "FILE", description = "A price table over the shipped one (default: ~/.promptstudio/prices.json).")
    Path prices;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
    Format format = Format.text;

    @Option(names = "--retrieve", paramLabel = "PARAM[=QUESTION]",
            description = "Fill PARAM (a list of records such as Passage[]) with passages retrieved for the QUESTION argument.")
    String retrieve;

    @Option(names = "--workspace", paramLabel = "DIR", description = "The workspace whose index --retrieve searches (default: the current folder).")
    Path workspaceFolder = Path.of("");

    @Option(names = "--context-tokens", paramLabel = "N", description = "Tokens the retrieved passages may take (default: ${DEFAULT-VALUE}).")
    int contextTokens = 1500;

    @Option(names = "--cache", description = "Answer from the semantic cache when a stored answer matches (temperature 0 only), and store new answers.")
    boolean cache;

    @Option(names = "--cache-domain", paramLabel = "DOMAIN", description = "The cache domain whose threshold and time-to-live apply (default: default).")
    String cacheDomain;

    @Option(names = "--cache-any-temperature", description = "Use the cache even when the profile's temperature is not 0.")
    boolean cacheAnyTemperature;

    @Option(names = "--cache-file", paramLabel = "FILE", description = "The cache database (default: ~/.promptstudio/cache).")
    Path cacheFile;

    @Option(names = "--resume", paramLabel = "RUN", description = "A chain: go on with a failed or interrupted run, reusing the stored"
            + " result of every stage that succeeded and is written as it was.")
    String resume;

    @Option(names = "--chains", paramLabel = "FILE", description = "A chain: the chain store, where every stage's result is kept (default:"
            + " ~/.promptstudio/chains).")
    Path chains;

    @Option(names = "--max-concurrency", paramLabel = "J", description = "A chain: prompt calls at a time across its stages (default 4).")
    int concurrency = 4;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> roots = new ArrayList<>(paths);
        String promptName = name;
        int hash = name.indexOf('#');
        if (hash > 0) {
            // the file's folder, so that the files it imports from are loaded too
            Path file = Path.of(name.substring(0, hash));
            if (!Files.isRegularFile(file)) {
                throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio run: " + CliPaths.shown(file) + " is not a file");
            }
            roots.add(0, file.toAbsolutePath().getParent());
            promptName = name.substring(hash + 1);
        }
        LanguageWorkspace workspace = CliPaths.loadWithoutErrors(roots, "run", err);
        if (workspace.hasChain(promptName) && !hasPrompt(workspace, promptName)) {
            return new ChainRun(this, workspace, workspace.chain(promptName)).call();
        }
        if (resume != null) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio run: --resume goes on with a chain's run; " + promptName
                    + " is a prompt");
        }
        Prompt prompt;
        try {
            prompt = workspace.prompt(promptName);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio run: " + e.getMessage());
        }
        List<String> given = new ArrayList<>(arguments);
        if (retrieve != null) {
            try {
                given.add(RetrievedContext.argument(prompt, retrieve, arguments, workspaceFolder, contextTokens, err));
            } catch (IndexException e) {
                throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio run: " + e.getMessage());
            }
        }
        RunRecord run;
        try (CliRunner runner = new CliRunner(workspace, history, prices, cacheFile, "run")) {
            RunRequest request = RunRequest.of(workspace.nameOf(prompt), CliArguments.parse(prompt, given)).withProfile(profile)
                    .withCache(cache ? new CacheUse(cacheDomain, cacheAnyTemperature) : null);
            run = runner.run(request, new RunListener() {
                @Override
                public void cacheNote(String note, boolean consulted) {
                    err.println(consulted ? note : note + " (--cache-any-temperature to cache anyway)");
                }
            });
        } catch (ArgumentException e) {
            e.problems().forEach(problem -> err.println("promptstudio run: argument " + problem));
            return PromptStudioCli.EXIT_USAGE;
        }
        print(run, out, err);
        return RunRecord.SUCCEEDED.equals(run.status()) ? 0 : 1;
    }

    private static boolean hasPrompt(LanguageWorkspace workspace, String name) {
        try {
            workspace.prompt(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void print(RunRecord run, PrintWriter out, PrintWriter err) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (format == Format.json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("run", run.id());
            report.put("status", run.status());
            report.put("prompt", run.prompt());
            report.put("profile", run.profile());
            report.put("model", run.returnedModel() != null ? run.returnedModel() : run.requestedModel());
            report.put("output", run.outputJson() == null ? null : json.readTree(run.outputJson()));
            report.put("repairs", json.readTree(run.repairsJson()));
            report.put("input_tokens", run.inputTokens());
            report.put("output_tokens", run.outputTokens());
            report.put("cost_usd", run.cost());
            report.put("latency_ms", run.totalMillis());
            report.put("error", run.errorKind() == null ? null : Map.of("kind", run.errorKind(), "message", run.errorMessage()));
            out.println(json.writeValueAsString(report));
            out.flush();
            return;
        }
        if (RunRecord.SUCCEEDED.equals(run.status())) {
            var output = json.readTree(run.outputJson());
            out.println(output.isTextual() ? output.asText() : json.writeValueAsString(output));
            out.flush();
            for (var repair : json.readTree(run.repairsJson())) {
                err.println("repaired: " + repair.asText());
            }
            if (run.errorMessage() != null) {
                err.println("warning: " + run.errorMessage());
            }
        } else {
            err.println("promptstudio run: " + run.errorKind() + ": " + run.errorMessage());
        }
        err.println(HistoryCommand.summary(run));
        err.flush();
    }
}
