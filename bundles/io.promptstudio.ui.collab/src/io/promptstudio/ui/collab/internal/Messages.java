package io.promptstudio.ui.collab.internal;

import org.eclipse.osgi.util.NLS;

/** User-facing strings of co-editing; the texts live in messages.properties. */
public final class Messages extends NLS {

    public static String CollabStatus_tooltip;
    public static String CollabStatus_off;
    public static String CollabStatus_synced;
    public static String CollabStatus_syncing;
    public static String CollabStatus_connecting;
    public static String CollabStatus_offline;
    public static String CollabStatus_oneCollaborator;
    public static String CollabStatus_collaborators;

    public static String SaveVersion_job;
    public static String SaveVersion_failed;
    public static String SaveVersion_title;
    public static String SaveVersion_name;
    public static String SaveVersion_message;
    public static String SaveVersion_notCoEdited;
    public static String RestoreVersion_job;
    public static String RestoreVersion_failed;

    public static String AuditLog_when;
    public static String AuditLog_who;
    public static String AuditLog_workspace;
    public static String AuditLog_request;
    public static String AuditLog_status;
    public static String AuditLog_requestId;
    public static String AuditLog_noAnswer;
    public static String AuditLog_refresh;
    public static String AuditLog_older;
    public static String AuditLog_wholeTenant;
    public static String AuditLog_wholeTenantTooltip;
    public static String AuditLog_ofTenant;
    public static String AuditLog_ofWorkspace;
    public static String AuditLog_loading;
    public static String AuditLog_job;
    public static String AuditLog_failed;
    public static String AuditLog_entries;
    public static String AuditLog_newestEntries;

    public static String CoEdit_title;
    public static String CoEdit_failed;

    public static String CoEditing_undo;
    public static String CoEditing_redo;
    public static String CoEditing_refused;
    public static String CoEditing_keptLocally;
    public static String CoEditing_oneCollaborator;
    public static String CoEditing_collaborators;

    public static String Collaboration_notInWorkspace;

    public static String Collaborators_collaborator;
    public static String Collaborators_file;
    public static String Collaborators_line;
    public static String Collaborators_noSession;
    public static String Collaborators_nobodyElse;
    public static String Collaborators_one;
    public static String Collaborators_many;

    public static String CollabSettings_saveFailed;

    public static String Comments_thread;
    public static String Comments_resolvedThread;
    public static String Comments_replyLine;
    public static String Comments_deletedText;
    public static String Comments_truncated;
    public static String Comments_add;
    public static String Comments_reply;
    public static String Comments_resolve;
    public static String Comments_notCoEdited;
    public static String Comments_heading;
    public static String Comments_title;
    public static String Comments_selectFirst;
    public static String Comments_prompt;
    public static String Comments_replyTitle;
    public static String Comments_replyPrompt;

    public static String LocalServer_title;
    public static String LocalServer_stop;
    public static String LocalServer_startFailed;
    public static String LocalServer_invitePrompt;
    public static String LocalServer_defaultTeammate;
    public static String LocalServer_details;
    public static String LocalServer_inviteTitle;
    public static String LocalServer_inviteMessage;
    public static String LocalServer_hostFailed;

    public static String Login_shellTitle;
    public static String Login_title;
    public static String Login_message;
    public static String Login_tenant;
    public static String Login_user;
    public static String Login_password;
    public static String Login_logIn;
    public static String Login_missing;
    public static String Login_task;

    public static String ProjectShare_createJob;
    public static String ProjectShare_createFailed;
    public static String ProjectShare_deleteJob;
    public static String ProjectShare_deleteFailed;

    public static String ShareProject_title;
    public static String ShareProject_noProject;
    public static String ShareProject_failed;

    public static String SyncPreferences_description;
    public static String SyncPreferences_server;
    public static String SyncPreferences_workspace;
    public static String SyncPreferences_user;
    public static String SyncPreferences_color;
    public static String SyncPreferences_token;
    public static String SyncPreferences_noToken;
    public static String SyncPreferences_tokenStored;
    public static String SyncPreferences_logIn;
    public static String SyncPreferences_logInTooltip;
    public static String SyncPreferences_notUrl;
    public static String SyncPreferences_loginToken;
    public static String SyncPreferences_notWebSocket;
    public static String SyncPreferences_badColor;
    public static String SyncPreferences_badWorkspace;

    public static String Versions_version;
    public static String Versions_author;
    public static String Versions_when;
    public static String Versions_message;
    public static String Versions_refresh;
    public static String Versions_compareCurrent;
    public static String Versions_compareSelected;
    public static String Versions_restore;
    public static String Versions_notCoEdited;
    public static String Versions_heading;
    public static String Versions_job;
    public static String Versions_failed;
    public static String Versions_compareTitle;
    public static String Versions_selectOne;
    public static String Versions_now;
    public static String Versions_selectTwo;
    public static String Versions_compare;
    public static String Versions_restoreTitle;
    public static String Versions_selectRestore;
    public static String Versions_confirmRestore;

    static {
        NLS.initializeMessages(Messages.class.getPackageName() + ".messages", Messages.class);
    }

    private Messages() {
    }
}
