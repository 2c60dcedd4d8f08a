package io.promptstudio.ui.internal;

import org.eclipse.osgi.util.NLS;

/** User-facing strings of the workbench bundle; the texts live in messages.properties. */
public final class Messages extends NLS {

    public static String Window_title;
    public static String Menu_file;
    public static String Menu_new;
    public static String Menu_edit;
    public static String Menu_navigate;
    public static String Menu_window;
    public static String Menu_showView;
    public static String Menu_help;

    public static String Library_filter;
    public static String Library_emptyHint;
    public static String Library_scanFailed;
    public static String Library_refreshJob;

    public static String NewProject_title;
    public static String NewProject_description;
    public static String NewProject_failed;

    public static String NewFile_title;
    public static String NewFile_description;
    public static String NewFile_folder;
    public static String NewFile_browse;
    public static String NewFile_fileName;
    public static String NewFile_chooseFolder;
    public static String NewFile_folderMissing;
    public static String NewFile_folderNotFound;
    public static String NewFile_exists;
    public static String NewFile_failed;
    public static String NewFile_creating;

    public static String Import_job;
    public static String Import_failed;
    public static String Import_projectFailed;

    public static String About_title;
    public static String About_version;
    public static String About_java;
    public static String About_platform;
    public static String About_workspace;
    public static String About_name;
    public static String About_tagline;

    public static String NewFile_nameHint;

    public static String Wizard_failed;

    public static String GettingStarted_job;
    public static String GettingStarted_failed;
    public static String GettingStarted_notRemembered;
    public static String GettingStarted_noExamples;

    public static String Welcome_title;
    public static String Welcome_step;
    public static String Welcome_openHeading;
    public static String Welcome_openText;
    public static String Welcome_openButton;
    public static String Welcome_connectHeading;
    public static String Welcome_connectText;
    public static String Welcome_connectButton;
    public static String Welcome_runHeading;
    public static String Welcome_runText;
    public static String Welcome_runButton;
    public static String Welcome_errorTitle;


    public static String Language_loadJob;
    public static String Language_checkJob;
    public static String Language_resyncJob;

    public static String KeyStore_readFailed;
    public static String KeyStore_saveFailed;

    public static String Settings_saveFailed;

    public static String Editor_contentAssistLabel;
    public static String Editor_contentAssistTooltip;
    public static String Editor_contentAssistDescription;
    public static String Editor_quickFixLabel;
    public static String Editor_quickFixTooltip;
    public static String Editor_quickFixDescription;

    public static String Format_title;
    public static String Format_notFormatted;

    public static String Declaration_notFound;

    public static String Marker_location;

    public static String Completion_none;
    public static String Completion_withDetail;

    public static String Fix_failed;

    public static String Providers_description;
    public static String Providers_group;
    public static String Providers_provider;
    public static String Providers_endpoint;
    public static String Providers_apiKey;
    public static String Providers_endpointHint;
    public static String Providers_noKey;
    public static String Providers_sameKey;
    public static String Providers_keyFromEnvironment;
    public static String Providers_runs;
    public static String Providers_defaultProfile;
    public static String Providers_defaultProfileHint;
    public static String Providers_prices;
    public static String Providers_history;

    static {
        NLS.initializeMessages(Messages.class.getPackageName() + ".messages", Messages.class);
    }

    private Messages() {
    }
}
