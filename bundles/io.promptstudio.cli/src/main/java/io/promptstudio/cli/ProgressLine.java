package io.promptstudio.cli;

import java.io.PrintWriter;

/**
 * A progress line on standard error for long commands: rewritten in place on a terminal, and on anything else (a
 * CI log) one line every few seconds, so that logs show progress without a line per file.
 */
final class ProgressLine {

    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter err;
    private final String command;
    private final boolean terminal = System.console() != null;
    private long lastPrinted = System.nanoTime();
    private int width;

    ProgressLine(PrintWriter err, String command) {
        this.err = err;
        this.command = command;
    }

    void update(int done, int total, String item) {
        update(done + "/" + total + (item == null ? "" : " " + item));
    }

    /** Shows {@code status} after the command's name, where the total is not known ahead. */
    void update(String status) {
        String line = "promptstudio " + command + ": " + status;
        if (terminal) {
            String shown = line.length() > 120 ? line.substring(0, 117) + "…" : line;
            err.print("\r" + shown + " ".repeat(Math.max(0, width - shown.length())));
            width = shown.length();
            err.flush();
        } else if (System.nanoTime() - lastPrinted > LOG_INTERVAL_NANOS) {
            err.println(line);
            err.flush();
            lastPrinted = System.nanoTime();
        }
    }

    void done() {
        if (terminal && width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
        }
    }
}
