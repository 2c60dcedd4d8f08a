package io.promptstudio.cli;

import io.promptstudio.core.PromptStudioVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine;

/**
 * The {@code promptstudio} command: the headless entry point for CI and scripts. Each task is a
 * subcommand.
 */
@Command(name = "promptstudio", mixinStandardHelpOptions = true, versionProvider = PromptStudioCli.Version.class,
        description = "PromptStudio: prompts as code. Typed, versioned, tested, optimized and governed.",
        subcommands = { InitCommand.class, ListCommand.class, CheckCommand.class, SchemaCommand.class, FormatCommand.class,
                ExportYamlCommand.class, ImportYamlCommand.class, RenderCommand.class, RunCommand.class, TestCommand.class, EvalCommand.class, CompareCommand.class, EvalRunsCommand.class, HistoryCommand.class,
                ChainCommand.class, OptimizeCommand.class, RefineCommand.class,
                SearchCommand.class, IngestCommand.class, RetrieveCommand.class, CacheCommand.class, LspCommand.class,
                BenchLanguageCommand.class, BenchOutputParserCommand.class, BenchCrdtCommand.class, BenchCacheCommand.class, BenchSearchCommand.class, BenchEmbedCommand.class,
                BenchChainsCommand.class,
                CommandLine.HelpCommand.class })
public final class PromptStudioCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Exit code for bad usage or input the user must fix, as picocli and sysexits use. */
    static final int EXIT_USAGE = 2;

    /**
     * Lucene tells java.util.logging when it runs without the JDK's vector module; the CLI is correct either way
     * and its output must stay what the documentation shows. Held here so that the setting is not collected.
     */
    private static final java.util.logging.Logger LUCENE_VECTORIZATION = java.util.logging.Logger.getLogger(
            "org.apache.lucene.internal.vectorization");

    /**
     * Guice (under Xtext) defines its generated classes through sun.misc.Unsafe by default, which Java 24 and later
     * warn about on standard error before every command; a child class loader needs no Unsafe. Set before Guice loads.
     */
    static final String GUICE_CLASS_LOADING = "guice_custom_class_loading";

    public static void main(String[] args) {
        if (System.getProperty(GUICE_CLASS_LOADING) == null) {
            System.setProperty(GUICE_CLASS_LOADING, "CHILD");
        }
        LUCENE_VECTORIZATION.setLevel(java.util.logging.Level.SEVERE);
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code; the CLI's tests call this in-process. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return new CommandLine(new PromptStudioCli()).setExecutionExceptionHandler((error, line, parseResult) -> {
            if (error instanceof CommandFailure failure) {
                if (failure.getMessage() != null) {
                    line.getErr().println(failure.getMessage());
                }
                line.getErr().flush();
                return failure.exitCode();
            }
            line.getErr().println("promptstudio: " + error.getMessage());
            return EXIT_USAGE;
        });
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from core, the same value the workbench and the server report. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] { "promptstudio " + PromptStudioVersion.version(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")" };
        }
    }
}
