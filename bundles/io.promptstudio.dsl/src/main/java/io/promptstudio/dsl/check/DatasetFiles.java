package io.promptstudio.dsl.check;

import java.nio.file.Path;
import org.eclipse.emf.common.util.URI;

/** Where an eval's dataset file is, and the limits of evals: what the checker and the eval runner agree on. */
public final class DatasetFiles {

    /** The most repeats of one case an eval may ask for. */
    public static final int MAX_REPEAT = 100;

    private DatasetFiles() {
    }

    /** The dataset file that {@code source} names, written in the prompt file at {@code uri}; null where that file is not on disk. */
    public static Path resolve(URI uri, String source) {
        if (uri == null || !uri.isFile()) {
            return null;
        }
        return Path.of(uri.toFileString()).toAbsolutePath().getParent().resolve(source).normalize();
    }
}
