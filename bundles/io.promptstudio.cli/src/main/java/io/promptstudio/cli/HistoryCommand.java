package io.promptstudio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.store.HistoryException;
import io.promptstudio.store.RunHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists recorded runs, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "List recorded runs, newest first.")
final class HistoryCommand implements Callable<Integer> {

    enum Format { text, json }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--prompt", paramLabel = "PROMPT", description = "Only runs of this prompt (qualified or simple name).")
    String prompt;

    @Option(names = "--model", paramLabel = "MODEL", description = "Only runs of this model.")
    String model;

    @Option(names = "--status", paramLabel = "STATUS", description = "succeeded or failed.")
    String status;

    @Option(names = "--chain", arity = "0..1", fallbackValue = "", paramLabel = "CHAIN", description = "List chain runs instead (of this"
            + " chain only when named); promptstudio chain show RUN shows one's stages.")
    String chain;

    @Option(names = "--chains", paramLabel = "FILE", description = "The chain store --chain reads (default: ~/.promptstudio/chains).")
    Path chains;

    @Option(names = "--last", paramLabel = "N", description = "At most N runs (default: ${DEFAULT-VALUE}).")
    int last = 20;

    @Option(names = "--history", paramLabel = "FILE", description = "The history database (default: ~/.promptstudio/history).")
    Path history;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
    Format format = Format.text;

    @Override
    public Integer call() throws HistoryException, IOException {
        if (chain != null) {
            return ChainCommand.listRuns(spec, chain.isEmpty() ? null : chain, last, chains);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<RunRecord> runs;
        try (RunHistory store = RunHistory.open(CliStore.history(history))) {
            runs = store.query(new RunHistory.Query(prompt, model, status, null, last));
        }
        if (format == Format.json) {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).findAndRegisterModules();
            List<Map<String, Object>> rows = runs.stream().map(run -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("run", run.id());
                row.put("started_at", run.startedAt().toString());
                row.put("prompt", run.prompt());
                row.put("prompt_hash", run.promptHash());
                row.put("profile", run.profile());
                row.put("model", run.returnedModel() != null ? run.returnedModel() : run.requestedModel());
                row.put("status", run.status());
                row.put("input_tokens", run.inputTokens());
                row.put("output_tokens", run.outputTokens());
                row.put("cost_usd", run.cost());
                row.put("latency_ms", run.totalMillis());
                row.put("first_token_ms", run.firstTokenMillis());
                row.put("error", run.errorKind());
                row.put("cache", run.cacheStatus());
                return row;
            }).toList();
            out.println(json.writeValueAsString(rows));
        } else {
            for (RunRecord run : runs) {
                out.println(TIME.format(run.startedAt()) + "  " + run.prompt() + "~" + version(run) + "  " + run.status() + "  " + summary(run));
            }
            if (runs.isEmpty()) {
                spec.commandLine().getErr().println("no runs recorded" + (prompt != null || model != null || status != null ? " that match" : ""));
            }
        }
        out.flush();
        return 0;
    }

    /** The run's prompt version as a user names it ({@code PROMPT~VERSION} in eval and compare): its hash's first 10 digits. */
    static String version(RunRecord run) {
        String hash = run.promptHash() == null ? "" : run.promptHash();
        return hash.substring(0, Math.min(10, hash.length()));
    }

    /** One line about a run's model, tokens, cost and time. */
    static String summary(RunRecord run) {
        return run.summary();
    }
}
