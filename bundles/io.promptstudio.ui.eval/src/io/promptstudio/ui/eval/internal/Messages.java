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
    public static String Eval_filterAll;
    public static String Eval_filterNotPassed;
    public static String Eval_filterUnstable;
    public static String Eval_compareOutputs;
    public static String Eval_compareNothing;
    public static String Eval_compareHeader;
    public static String Eval_tabSummary;
    public static String Eval_tabCharts;
    public static String Eval_tabHistory;
    public static String Eval_historyNone;
    public static String Eval_historyFailed;
    public static String Eval_storeFailed;
    public static String Eval_historyRun;
    public static String Eval_historyStarted;
    public static String Eval_historyStatus;
    public static String Eval_historyVariants;
    public static String Eval_pairwise;
    public static String Eval_chartPassRate;
    public static String Eval_chartScores;
    public static String Eval_chartScore;
    public static String Eval_chartCases;
    public static String Eval_chartLatencyCost;
    public static String Eval_chartLatency;
    public static String Eval_chartCost;
    public static String Eval_chartInterval;
    public static String Eval_chartDifference;
    public static String Eval_chartDifferenceAxis;
    public static String Eval_chartComparison;
    public static String Eval_chartHistory;
    public static String Eval_chartRun;
    public static String Eval_datasetFailed;

    static {
        NLS.initializeMessages(Messages.class.getPackageName() + ".messages", Messages.class);
    }

    private Messages() {
    }
}
