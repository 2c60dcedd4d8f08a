package io.promptstudio.store.tests;

import io.promptstudio.store.RunHistory;
import java.nio.file.Path;

/** Another process that has the history open: it says "open" and holds the file until its input closes. */
public final class HoldHistory {

    private HoldHistory() {
    }

    public static void main(String[] args) throws Exception {
        try (RunHistory history = RunHistory.open(Path.of(args[0]))) {
            System.out.println("open");
            System.out.flush();
            while (System.in.read() >= 0) {
                // holds the file until the test closes our input
            }
        }
    }
}
