package io.promptstudio.cli;

import java.nio.file.Path;

/** Where the CLI keeps what outlives a command: the run history, the eval, chain and optimization stores and the user's price table. */
final class CliStore {

    private CliStore() {
    }

    /** {@code PROMPTSTUDIO_HOME}, or {@code ~/.promptstudio}. */
    static Path home() {
        String home = System.getenv("PROMPTSTUDIO_HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".promptstudio");
    }

    static Path history(Path given) {
        return given != null ? given : home().resolve("history");
    }

    static Path cache(Path given) {
        return given != null ? given : home().resolve("cache");
    }

    static Path evals(Path given) {
        return given != null ? given : home().resolve("evals");
    }

    static Path chains(Path given) {
        return given != null ? given : home().resolve("chains");
    }

    static Path optimize(Path given) {
        return given != null ? given : home().resolve("optimize");
    }

    static Path prices(Path given) {
        return given != null ? given : home().resolve("prices.json");
    }
}
