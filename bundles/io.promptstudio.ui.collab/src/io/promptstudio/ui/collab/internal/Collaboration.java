package io.promptstudio.ui.collab.internal;

import io.promptstudio.collab.CollabClient;
import io.promptstudio.ui.PromptEditor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.Platform;

/**
 * The workbench's co-editing: one connection to the configured sync server, shared by every co-edited editor. A
 * file's shared document is {@code <server workspace>/<project>/<path in the project>}; its local state is kept
 * in the workspace's metadata, so co-edited files keep working offline and across restarts.
 */
public final class Collaboration {

    private CollabClient client;
    private String clientKey;
    private final Map<PromptEditor, CoEditingSession> sessions = new LinkedHashMap<>();
    private final java.util.List<Runnable> presenceListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<org.eclipse.core.resources.IProject, ProjectShare> projects = new LinkedHashMap<>();

    /**
     * Made once, by {@link CollabServiceFactory}, for the workbench's parts and handlers; it stops
     * an editor's session when the language service says the editor is closing.
     */
    public Collaboration(io.promptstudio.ui.LanguageService language) {
        language.onEditorClosing(editor -> {
            try {
                stop(editor);
            } catch (IOException | RuntimeException e) {
                io.promptstudio.ui.PromptStudioLog.log(org.eclipse.core.runtime.Status.error("cannot stop co-editing "
                        + editor.getTitle(), e));
            }
        });
    }

    /**
     * The shared document's name for a workspace file: {@code <server workspace>/<project>/<path>}, each segment
     * written in the characters the server accepts (others, and '_' itself, as {@code _hh} of their UTF-8
     * bytes), so that "Getting Started" and "Getting_Started" stay two names.
     */
    public static String documentName(IFile file) {
        StringBuilder name = new StringBuilder(CollabSettings.workspace()).append('/').append(segment(file.getProject().getName()));
        for (String part : file.getProjectRelativePath().segments()) {
            name.append('/').append(segment(part));
        }
        return name.toString();
    }

    static String segment(String text) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            char c = (char) (bytes[i] & 0xff);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || (c == '.' && i > 0);
            if (plain) {
                out.append(c);
            } else {
                out.append('_').append(String.format("%02x", bytes[i] & 0xff));
            }
        }
        return out.toString();
    }

    /** Starts co-editing the editor's file (on the display thread). */
    public synchronized CoEditingSession start(PromptEditor editor) throws IOException {
        CoEditingSession existing = sessions.get(editor);
        if (existing != null) {
            return existing;
        }
        IFile file = editor.file();
        if (file == null) {
            throw new IOException(Messages.Collaboration_notInWorkspace);
        }
        CoEditingSession session = new CoEditingSession(editor, client(), documentName(file), this::presenceChanged);
        sessions.put(editor, session);
        session.statusChanged(client.status());
        presenceChanged();
        return session;
    }

    /** Shares a project's file list with the team (on the display thread); returns the share, new or running. */
    public synchronized ProjectShare share(org.eclipse.core.resources.IProject project) throws IOException {
        ProjectShare share = projects.get(project);
        if (share == null) {
            share = new ProjectShare(project, client(), org.eclipse.swt.widgets.Display.getCurrent());
            projects.put(project, share);
            presenceChanged();
        }
        return share;
    }

    public synchronized Optional<ProjectShare> shared(org.eclipse.core.resources.IProject project) {
        return Optional.ofNullable(projects.get(project));
    }

    /** Stops following a project's file list; its files stay as they are. */
    public synchronized void unshare(org.eclipse.core.resources.IProject project) throws IOException {
        ProjectShare share = projects.remove(project);
        if (share != null) {
            share.close();
            presenceChanged();
        }
    }

    public synchronized java.util.List<CoEditingSession> sessions() {
        return java.util.List.copyOf(sessions.values());
    }

    /** Told (on the display thread) when anyone's presence in any co-edited file changes, or a session starts or stops. */
    public void addPresenceListener(Runnable listener) {
        presenceListeners.add(listener);
    }

    public void removePresenceListener(Runnable listener) {
        presenceListeners.remove(listener);
    }

    void presenceChanged() {
        presenceListeners.forEach(Runnable::run);
    }

    /** Whether any project is shared (its file list kept in step with the team). */
    public synchronized boolean sharing() {
        return !projects.isEmpty();
    }

    public synchronized Optional<CoEditingSession> session(PromptEditor editor) {
        return Optional.ofNullable(sessions.get(editor));
    }

    /** Stops co-editing the editor's file; the file keeps its text. */
    public synchronized void stop(PromptEditor editor) throws IOException {
        CoEditingSession session = sessions.remove(editor);
        if (session != null) {
            session.close();
            presenceChanged();
        }
        if (sessions.isEmpty() && projects.isEmpty() && client != null) {
            client.close();
            client = null;
            clientKey = null;
        }
    }

    /** Versions of co-edited documents, on the configured server with the configured token. */
    public static io.promptstudio.collab.Versions versions() {
        return new io.promptstudio.collab.Versions(URI.create(CollabSettings.server()), CollabSettings::token);
    }

    /** The co-editing session of whichever prompt editor is active, if any. */
    public synchronized Optional<CoEditingSession> activeSession() {
        var window = org.eclipse.ui.PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (window == null || window.getActivePage() == null) {
            return Optional.empty();
        }
        return window.getActivePage().getActiveEditor() instanceof PromptEditor editor ? session(editor) : Optional.empty();
    }

    public synchronized CollabClient.Status status() {
        return client == null ? CollabClient.Status.OFFLINE : client.status();
    }

    /** The connection for the settings now; a changed server or token makes a new one. */
    private CollabClient client() {
        String key = CollabSettings.server() + "\n" + CollabSettings.token().hashCode();
        if (client != null && key.equals(clientKey)) {
            return client;
        }
        if (client != null) {
            client.close();
        }
        Path state = Platform.getStateLocation(Platform.getBundle("io.promptstudio.ui")).toPath().resolve("collab");
        client = new CollabClient(URI.create(CollabSettings.server()), CollabSettings::token, state, CollabSettings.user(), CollabSettings.color());
        client.addListener((status, detail) -> {
            synchronized (Collaboration.this) {
                sessions.values().forEach(session -> session.statusChanged(status));
            }
            presenceChanged();
        });
        clientKey = key;
        client.connect();
        return client;
    }
}
