package io.promptstudio.ui.chains.internal;

import org.eclipse.osgi.util.NLS;

/** User-facing strings of the Chain Graph view; the texts live in messages.properties. */
public final class Messages extends NLS {

    public static String Chains_chain;
    public static String Chains_run;
    public static String Chains_cancel;
    public static String Chains_zoomIn;
    public static String Chains_zoomOut;
    public static String Chains_fit;
    public static String Chains_exportPng;
    public static String Chains_exportSvg;
    public static String Chains_none;
    public static String Chains_hint;
    public static String Chains_runJob;
    public static String Chains_inputsTitle;
    public static String Chains_inputsMessage;
    public static String Chains_notFound;
    public static String Chains_finished;
    public static String Chains_failed;
    public static String Chains_stageTitle;
    public static String Chains_stageBody;
    public static String Chains_exportFailed;
    public static String Chains_misfit;
    public static String Chains_addStage;
    public static String Chains_paletteTip;
    public static String Chains_added;
    public static String Chains_editFailed;

    static {
        NLS.initializeMessages("io.promptstudio.ui.chains.internal.messages", Messages.class);
    }

    private Messages() {
    }
}
