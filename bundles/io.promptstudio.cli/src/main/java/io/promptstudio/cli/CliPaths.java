package io.promptstudio.cli;

import java.nio.file.Path;

/** How the CLI shows paths: relative to the current folder when inside it, as a user would type them. */
final class CliPaths {

    private CliPaths() {
    }

    static String shown(Path path) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(here) && !absolute.equals(here) ? here.relativize(absolute).toString() : absolute.toString();
    }
}
