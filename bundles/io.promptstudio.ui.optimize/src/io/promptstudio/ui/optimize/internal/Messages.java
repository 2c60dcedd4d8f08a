package io.promptstudio.ui.optimize.internal;

import org.eclipse.osgi.util.NLS;

/** User-facing strings of the Optimization view; the texts live in messages.properties. */
public final class Messages extends NLS {

    public static String Optimize_eval;
    public static String Optimize_method;
    public static String Optimize_generations;
    public static String Optimize_population;
    public static String Optimize_batch;
    public static String Optimize_split;
    public static String Optimize_seed;
    public static String Optimize_budget;
    public static String Optimize_maxCalls;
    public static String Optimize_refresh;
    public static String Optimize_estimate;
    public static String Optimize_start;
    public static String Optimize_cancel;
    public static String Optimize_adopt;
    public static String Optimize_methodOpro;
    public static String Optimize_methodGa;
    public static String Optimize_methodDe;
    public static String Optimize_methodBreeder;
    public static String Optimize_methodFewShot;
    public static String Optimize_noSuites;
    public static String Optimize_findJob;
    public static String Optimize_findFailed;
    public static String Optimize_estimateJob;
    public static String Optimize_estimated;
    public static String Optimize_unpriced;
    public static String Optimize_runJob;
    public static String Optimize_notFound;
    public static String Optimize_badSettings;
    public static String Optimize_phase;
    public static String Optimize_columnNumber;
    public static String Optimize_columnGeneration;
    public static String Optimize_columnOrigin;
    public static String Optimize_columnFitness;
    public static String Optimize_columnValidation;
    public static String Optimize_columnCost;
    public static String Optimize_columnStatus;
    public static String Optimize_dropped;
    public static String Optimize_kept;
    public static String Optimize_best;
    public static String Optimize_chartTitle;
    public static String Optimize_chartGeneration;
    public static String Optimize_chartScore;
    public static String Optimize_chartBest;
    public static String Optimize_chartMean;
    public static String Optimize_chartValidation;
    public static String Optimize_tabDiff;
    public static String Optimize_tabSummary;
    public static String Optimize_tabRefine;
    public static String Optimize_noDiff;
    public static String Optimize_summary;
    public static String Optimize_finished;
    public static String Optimize_stopped;
    public static String Optimize_tested;
    public static String Optimize_untested;
    public static String Optimize_failed;
    public static String Optimize_cancelled;
    public static String Optimize_adoptTitle;
    public static String Optimize_adoptNone;
    public static String Optimize_adoptUnproven;
    public static String Optimize_adoptChanged;
    public static String Optimize_adoptDirty;
    public static String Optimize_adoptInvalid;
    public static String Optimize_adopted;
    public static String Optimize_adoptFailed;
    public static String Refine_now;
    public static String Refine_every;
    public static String Refine_minutes;
    public static String Refine_review;
    public static String Refine_accept;
    public static String Refine_reject;
    public static String Refine_columnId;
    public static String Refine_columnTime;
    public static String Refine_columnStatus;
    public static String Refine_columnScores;
    public static String Refine_columnDiagnosis;
    public static String Refine_job;
    public static String Refine_compareTitle;
    public static String Refine_asWritten;
    public static String Refine_proposed;
    public static String Refine_selectProposal;
    public static String Refine_acceptFailed;
    public static String Refine_accepted;
    public static String Refine_rejected;
    public static String Refine_failed;
    public static String Optimize_sameAsWritten;

    static {
        NLS.initializeMessages("io.promptstudio.ui.optimize.internal.messages", Messages.class);
    }

    private Messages() {
    }
}
