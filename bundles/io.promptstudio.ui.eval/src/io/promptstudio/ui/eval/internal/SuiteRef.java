package io.promptstudio.ui.eval.internal;

import java.nio.file.Path;

/** An eval found in the workspace: its file and name, shown as {@code file#Name}. */
record SuiteRef(Path file, String name) {

    String label() {
        return file.getFileName() + "#" + name;
    }
}
