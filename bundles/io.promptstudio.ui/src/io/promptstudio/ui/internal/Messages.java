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

    static {
        NLS.initializeMessages(Messages.class.getPackageName() + ".messages", Messages.class);
    }

    private Messages() {
    }
}
