package io.promptstudio.ui.chains.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.chains.ChainOutcome;
import io.promptstudio.chains.ChainRunner;
import io.promptstudio.chains.ChainStore;
import io.promptstudio.chains.StageResult;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.PrimitiveKind;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.dsl.render.TypedValues;
import io.promptstudio.dsl.types.Types;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.store.HistoryException;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.WorkbenchOperation;
import io.promptstudio.ui.WorkbenchSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.osgi.util.NLS;

/**
 * Runs a chain from its saved file through the workbench's {@link PromptRuns} and the chain store the CLI uses too:
 * the same executor as {@code promptstudio run FILE#CHAIN}, telling the view as each stage starts and finishes.
 */
final class RunChainOperation implements WorkbenchOperation {

    /** What the view hears, from the run's threads. */
    interface Progress {
        void started(String stage);

        void finished(StageResult result);

        void done(String line);
    }

    private final Path file;
    private final String chainName;
    private final Map<String, String> inputs;
    private final PromptRuns runs;
    private final Progress progress;
    private final Cancellation cancellation = Cancellation.none();

    RunChainOperation(Path file, String chainName, Map<String, String> inputs, PromptRuns runs, Progress progress) {
        this.file = file;
        this.chainName = chainName;
        this.inputs = Map.copyOf(inputs);
        this.runs = runs;
        this.progress = progress;
    }

    @Override
    public void execute(IProgressMonitor monitor) throws CoreException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(file.toAbsolutePath().getParent())) {
            files = listed.filter(each -> each.toString().endsWith(".pstudio")).toList();
        } catch (IOException e) {
            throw new CoreException(LanguageService.error(e.getMessage(), e));
        }
        LanguageWorkspace workspace = LanguageWorkspace.load(files);
        Chain chain;
        try {
            chain = workspace.chain(chainName);
        } catch (IllegalArgumentException e) {
            throw new CoreException(LanguageService.error(NLS.bind(Messages.Chains_notFound, chainName, file.getFileName()), e));
        }
        monitor.beginTask(NLS.bind(Messages.Chains_runJob, chainName), chain.getStages().size());
        try (ChainStore store = ChainStore.open(WorkbenchSettings.chainStoreFile())) {
            ChainRunner runner = ChainRunner.builder().runs(runs).store(store).names(workspace::nameOf)
                    .evaluator(workspace.languageInjector().getInstance(ExpectationEvaluator.class)).build();
            ChainOutcome outcome = runner.run(chain, typed(chain), new ChainRunner.Listener() {
                @Override
                public void stageStarted(String name, String stage) {
                    if (name.equals(chainName)) {
                        progress.started(stage);
                        monitor.subTask(stage);
                    }
                }

                @Override
                public void stageFinished(String name, StageResult result) {
                    if (name.equals(chainName)) {
                        progress.finished(result);
                        monitor.worked(1);
                    }
                }
            }, cancellation);
            progress.done(outcome.succeeded() ? NLS.bind(Messages.Chains_finished, new Object[] {outcome.runId(), outcome.status(),
                outcome.cost().stripTrailingZeros().toPlainString(), outcome.millis()}) : NLS.bind(Messages.Chains_failed, outcome.runId(),
                    outcome.error()));
        } catch (ArgumentException e) {
            throw new CoreException(LanguageService.error(String.join("; ", e.problems()), e));
        } catch (HistoryException e) {
            throw new CoreException(LanguageService.error(e.getMessage(), e));
        } finally {
            monitor.done();
        }
    }

    @Override
    public void cancel() {
        cancellation.cancel();
    }

    /** The inputs typed by the chain's parameters: text as written for text and enums, anything else as JSON. */
    private Map<String, Object> typed(Chain chain) throws ArgumentException {
        Map<String, Object> values = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        for (Parameter parameter : chain.getParameters()) {
            String text = inputs.get(parameter.getName());
            if (text == null || text.isEmpty() && Types.isOptional(parameter.getType())) {
                continue;
            }
            var type = Types.unwrapOptional(parameter.getType());
            if (Types.isPrimitive(type, PrimitiveKind.STRING) || Types.isEnum(type)) {
                values.put(parameter.getName(), text);
                continue;
            }
            try {
                values.put(parameter.getName(), TypedValues.plain(json.readValue(text, Object.class)));
            } catch (JsonProcessingException e) {
                throw new ArgumentException(List.of(parameter.getName() + ": '" + text + "' is not JSON (" + e.getOriginalMessage() + ")"));
            }
        }
        return values;
    }
}
