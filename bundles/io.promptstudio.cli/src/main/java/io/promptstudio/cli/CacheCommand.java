package io.promptstudio.cli;

import io.promptstudio.search.cache.CacheException;
import io.promptstudio.search.cache.CacheSettings;
import io.promptstudio.search.cache.CacheStats;
import io.promptstudio.search.cache.SemanticCache;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The semantic cache's statistics, and emptying it. */
@Command(name = "cache", mixinStandardHelpOptions = true, description = "Show the semantic cache's statistics, or clear it.",
        subcommands = { CacheCommand.Stats.class, CacheCommand.Clear.class })
final class CacheCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The cache with the user's domain settings ({@code ~/.promptstudio/cache-domains.properties}). */
    static SemanticCache open(Path file) throws CacheException {
        CacheSettings settings;
        try {
            settings = CacheSettings.read(CliStore.home().resolve("cache-domains.properties"));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio: " + e.getMessage());
        }
        return SemanticCache.open(CliStore.cache(file), SearchCommand.embedder("cache"), settings, Clock.systemUTC());
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Hits, misses, hit rate, evictions, and the tokens and cost saved.")
    static final class Stats implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--cache", paramLabel = "FILE", description = "The cache database (default: ~/.promptstudio/cache).")
        Path file;

        @Override
        public Integer call() throws CacheException {
            PrintWriter out = spec.commandLine().getOut();
            CacheStats stats;
            try (SemanticCache cache = open(file)) {
                stats = cache.stats();
            }
            out.printf("entries:        %d%n", stats.entries());
            out.printf("hits:           %d (%d exact, %d similar)%n", stats.hits(), stats.exactHits(), stats.semanticHits());
            out.printf("misses:         %d (%d refused because the facts differed)%n", stats.misses(), stats.guarded());
            out.printf("hit rate:       %.1f %%%n", 100 * stats.hitRate());
            out.printf("evictions:      %s%n", stats.evictions().isEmpty() ? "none" : stats.evictions().toString().replaceAll("[{}]", ""));
            out.printf("saved:          %d input and %d output tokens, $%s%n", stats.savedInputTokens(), stats.savedOutputTokens(),
                    stats.savedCost().toPlainString());
            out.flush();
            return 0;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Remove every entry and the statistics.")
    static final class Clear implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--cache", paramLabel = "FILE", description = "The cache database (default: ~/.promptstudio/cache).")
        Path file;

        @Override
        public Integer call() throws CacheException {
            int removed;
            try (SemanticCache cache = open(file)) {
                removed = cache.clear();
            }
            spec.commandLine().getOut().printf("removed %d entr%s%n", removed, removed == 1 ? "y" : "ies");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
