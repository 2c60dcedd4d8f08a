package io.promptstudio.ui.eval.internal;

import org.eclipse.osgi.util.NLS;

/** User-facing strings of the Evaluation view; the texts live in messages.properties. */
public final class Messages extends NLS {

    public static String Eval_suite;
    public static String Eval_refresh;
    public static String Eval_run;
    public static String Eval_cancel;
    public static String Eval_noSuites;
    public static String Eval_findJob;
    public static String Eval_findFailed;
    public static String Eval_runJob;
    public static String Eval_running;
    public static String Eval_case;
    public static String Eval_cell;
    public static String Eval_errorCell;
    public static String Eval_variant;
    public static String Eval_meanNone;
    public static String Eval_unstable;
    public static String Eval_comparison;
    public static String Eval_passed;
    public static String Eval_failed;
    public static String Eval_cancelled;
    public static String Eval_notFound;
    public static String Eval_datasetFailed;

    static {
        NLS.initializeMessages(Messages.class.getPackageName() + ".messages", Messages.class);
    }

    private Messages() {
    }
}
