package io.promptstudio.ui.runs.internal.playground;

import org.eclipse.osgi.util.NLS;

/** User-facing strings of the runs bundle (the Playground and the Execution History); the texts live in messages.properties. */
public final class Messages extends NLS {

    public static String ProfileStatus_none;
    public static String ProfileStatus_tooltip;
    public static String ProfileStatus_profile;
    public static String ProfileStatus_noModel;
    public static String Run_job;
    public static String Run_progress;
    public static String Run_failed;
    public static String Run_statusError;
    public static String Run_error;
    public static String Compare_job;
    public static String Playground_inputs;

    public static String RunInPlayground_noPrompt;

    public static String Playground_promptLabel;
    public static String Playground_profileLabel;
    public static String Playground_run;
    public static String Playground_cache;
    public static String Playground_cacheTooltip;
    public static String Playground_cancel;
    public static String Playground_compare;
    public static String Playground_compareTooltip;
    public static String Playground_outputTab;
    public static String Playground_compareTab;
    public static String Playground_loadJob;
    public static String Playground_noPrompt;
    public static String Playground_fixInputs;
    public static String Playground_inputProblem;
    public static String Playground_pickProfile;
    public static String Playground_running;
    public static String Playground_compareNeedsMore;
    public static String Playground_errorTitle;
    public static String Playground_cancelled;
    public static String Playground_fromCache;
    public static String Playground_repaired;
    public static String Playground_outputRoot;
    public static String Playground_treeValue;
    public static String Playground_treeList;
    public static String Playground_treeIndex;

    public static String Column_time;
    public static String Column_prompt;
    public static String Column_version;
    public static String Column_profile;
    public static String Column_model;
    public static String Column_status;
    public static String Column_output;
    public static String Column_tokens;
    public static String Column_cost;
    public static String Column_latency;

    public static String Value_tokens;
    public static String Value_cost;
    public static String Value_latency;
    public static String Value_unknown;
    public static String Value_truncated;

    public static String Field_label;

    public static String Form_noInputs;
    public static String Form_typeWithDefault;
    public static String Form_valueNeeded;
    public static String Form_set;
    public static String Form_true;
    public static String Form_remove;
    public static String Form_up;
    public static String Form_add;
    public static String Form_itemHint;
    public static String Form_itemJsonHint;
    public static String Form_retrieve;
    public static String Form_retrieveTooltip;
    public static String Form_retrieveNeedsQuestion;
    public static String Form_retrieveJob;
    public static String Form_retrieveFailed;
    public static String Form_jsonHint;
    public static String Form_item;
    public static String Form_notJson;
    public static String Form_arguments;

    public static String History_promptLabel;
    public static String History_promptHint;
    public static String History_modelLabel;
    public static String History_statusLabel;
    public static String History_refresh;
    public static String History_rerun;
    public static String History_readJob;
    public static String History_readFailed;
    public static String History_runs;
    public static String History_runsMore;
    public static String History_runHeader;
    public static String History_note;
    public static String History_section;
    public static String History_arguments;
    public static String History_request;
    public static String History_response;
    public static String History_typedOutput;
    public static String History_repairs;
    public static String History_rerunTitle;
    public static String History_rerunFailed;

    static {
        NLS.initializeMessages(Messages.class.getPackageName() + ".messages", Messages.class);
    }

    private Messages() {
    }
}
