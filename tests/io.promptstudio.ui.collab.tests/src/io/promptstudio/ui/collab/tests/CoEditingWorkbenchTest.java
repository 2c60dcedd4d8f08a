package io.promptstudio.ui.collab.tests;

import static io.promptstudio.tests.support.ui.WorkbenchParts.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.collab.CollabClient;
import io.promptstudio.collab.SharedDocument;
import io.promptstudio.collab.TextBinding;
import io.promptstudio.collab.Versions;
import io.promptstudio.tests.support.ui.Screenshots;
import io.promptstudio.tests.support.ui.UiWait;
import io.promptstudio.tests.support.ui.Widgets;
import io.promptstudio.ui.PromptEditor;
import io.promptstudio.ui.collab.internal.AuditLogView;
import io.promptstudio.ui.collab.internal.CoEditingSession;
import io.promptstudio.ui.collab.internal.CollabSettings;
import io.promptstudio.ui.collab.internal.Collaboration;
import io.promptstudio.ui.collab.internal.CollaboratorsView;
import io.promptstudio.ui.collab.internal.CommentsView;
import io.promptstudio.ui.collab.internal.LoginDialog;
import io.promptstudio.ui.collab.internal.VersionsView;
import io.promptstudio.ui.internal.GettingStarted;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.text.IDocument;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditorActionConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workbench co-editing a prompt with a teammate (a second client, as another workbench would be) through the
 * real sync server, started from its jar on a free port: both see each other's edits, the teammate's cursor is
 * drawn, Undo takes back only the workbench user's edit.
 */
class CoEditingWorkbenchTest {

    private static final String SECRET = "workbench-test-secret-of-32-bytes!!";
    private static final String OWNER_PASSWORD = "olga's long password";
    private static final Pattern PORT = Pattern.compile("\"port\"\\s*:\\s*\"?(\\d+)");
    private static Process server;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        Path data = Files.createTempDirectory("ps-sync");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("promptstudio.server.jar"));
        builder.environment().put("PROMPTSTUDIO_PORT", "0");
        builder.environment().put("PROMPTSTUDIO_DATA_DIR", data.toString());
        builder.environment().put("PROMPTSTUDIO_JWT_SECRET", SECRET);
        builder.environment().put("PROMPTSTUDIO_OWNER_ACCOUNT", "acme/olga");
        builder.environment().put("PROMPTSTUDIO_OWNER_PASSWORD", OWNER_PASSWORD);
        server = builder.redirectErrorStream(true).start();
        BufferedReader log = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = log.readLine()) != null;) {
            Matcher matcher = PORT.matcher(line);
            if (line.contains("\"listening\"") && matcher.find()) {
                port = Integer.parseInt(matcher.group(1));
                break;
            }
        }
        assertTrue(port > 0, "the sync server started");
        Thread.ofVirtual().start(() -> log.lines().forEach(ignored -> { }));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.destroy();
        server.waitFor(30, TimeUnit.SECONDS);
    }

    static String token(String user) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String body = url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(("{\"sub\":\"" + user + "\",\"tenant\":\"acme\",\"role\":\"editor\",\"exp\":"
                        + (System.currentTimeMillis() / 1000 + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return body + "." + url.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The teammate's editor text: what their JFace document would hold. */
    static final class TeammateEditor implements TextBinding.EditorText {
        final StringBuilder text = new StringBuilder();

        @Override
        public synchronized String get() {
            return text.toString();
        }

        @Override
        public synchronized void replace(int offset, int length, String replacement) {
            text.replace(offset, offset + length, replacement);
        }
    }

    @Test
    void aPasswordLoginPutsTheServersTokenInSecureStorage() throws Exception {
        String before = CollabSettings.token();
        var shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        LoginDialog dialog = new LoginDialog(shell, URI.create("ws://127.0.0.1:" + port + "/hocuspocus"));
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            UiWait.drainEvents();
            Widgets.type(Widgets.textWithData(dialog.getShell(), "name", "tenant"), "acme");
            Widgets.type(Widgets.textWithData(dialog.getShell(), "name", "user"), "olga");
            Widgets.type(Widgets.textWithData(dialog.getShell(), "name", "password"), "not her password");
            Widgets.click(Widgets.button(dialog.getShell(), "Log In"));
            UiWait.until("the refusal is shown", () -> dialog.getErrorMessage() != null);
            assertEquals("Wrong user name or password for tenant acme", dialog.getErrorMessage());
            Screenshots.capture(dialog.getShell(), "login-refused.png");
            assertEquals(before, CollabSettings.token(), "a refused login stores nothing");

            Widgets.type(Widgets.textWithData(dialog.getShell(), "name", "password"), OWNER_PASSWORD);
            Widgets.click(Widgets.button(dialog.getShell(), "Log In"));
            UiWait.until("the dialog closes after the login", () -> dialog.getShell() == null || dialog.getShell().isDisposed());
            String stored = CollabSettings.token();
            assertEquals(dialog.token().token(), stored, "the server's token is in secure storage");
            String claims = new String(Base64.getUrlDecoder().decode(stored.split("\\.")[1]), StandardCharsets.UTF_8);
            assertTrue(claims.contains("\"sub\":\"olga\"") && claims.contains("\"role\":\"owner\""), claims);
            var request = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/workspaces"))
                    .header("Authorization", "Bearer " + stored).build();
            assertEquals(200, java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals("acme", CollabSettings.tenant(), "the next login starts from this tenant");
        } finally {
            if (dialog.getShell() != null && !dialog.getShell().isDisposed()) {
                dialog.close();
            }
            io.promptstudio.ui.KeyStore.store(CollabSettings.TOKEN_VARIABLE, before);
        }
    }

    @Test
    void thePreferencePageOffersThePasswordLogin() throws Exception {
        var dialog = org.eclipse.ui.dialogs.PreferencesUtil.createPreferenceDialogOn(
                PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), io.promptstudio.ui.collab.internal.SyncPreferencePage.ID, null, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            UiWait.drainEvents();
            assertTrue(Widgets.button(dialog.getShell(), "Log In with a Password...").isEnabled());
            dialog.getShell().forceActive();
            // the window manager maps the dialog a moment after it opens; the screenshot is of the screen
            long painted = System.nanoTime() + Duration.ofMillis(700).toNanos();
            UiWait.until("the dialog is on screen", () -> dialog.getShell().isVisible() && System.nanoTime() > painted);
            Screenshots.capture(dialog.getShell(), "sync-preferences.png");
        } finally {
            dialog.close();
        }
    }

    @Test
    void aPromptIsCoEditedWithATeammateWhoseCursorIsDrawn() throws Exception {
        CollabSettings.save("ws://127.0.0.1:" + port + "/hocuspocus", "team", "Ann", "#d9480f", token("ann"));
        IFile file = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT).getFile("prompts/summarize-thread.pstudio");
        UiWait.until("the example exists", file::exists);
        PromptEditor editor = (PromptEditor) IDE.openEditor(page(), file, PromptEditor.ID, true);
        IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
        String original = document.get();

        handlers().executeCommand("io.promptstudio.ui.coEdit", null);
        CoEditingSession session = org.eclipse.ui.PlatformUI.getWorkbench().getService(Collaboration.class).session(editor).orElseThrow();
        UiWait.until("the workbench is synced with the server", () -> session.shared().isSynced(), Duration.ofSeconds(30));

        ExecutorService teammateThread = Executors.newSingleThreadExecutor();
        Path teammateState = Files.createTempDirectory("ps-teammate");
        try (CollabClient teammate = new CollabClient(URI.create("ws://127.0.0.1:" + port + "/hocuspocus"), () -> {
            try {
                return token("bob");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, teammateState, "Bob", "#1c7ed6")) {
            SharedDocument bobDocument = teammate.open(Collaboration.documentName(file), teammateThread);
            TeammateEditor bobEditor = new TeammateEditor();
            TextBinding bob = teammateThread.submit(() -> new TextBinding(bobDocument, bobEditor)).get();
            teammate.connect();
            try {
                UiWait.until("the teammate has the file's text", () -> bobEditor.get().equals(original), Duration.ofSeconds(30));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; teammate: " + teammate.status() + ", synced " + bobDocument.isSynced()
                        + ", refused " + bobDocument.refusal() + ", shared text " + bobDocument.text().length() + " chars, editor "
                        + bobEditor.get().length() + "; workbench: shared " + session.shared().text().length() + " chars, synced "
                        + session.shared().isSynced(), e);
            }

            int caret = original.indexOf("prompt");
            editor.viewer().getTextWidget().setCaretOffset(caret);
            String comment = "// reviewed by Bob\n";
            teammateThread.submit(() -> {
                bobEditor.replace(0, 0, comment);
                bob.editorChanged(0, 0, comment);
                bobDocument.setSelection(comment.length() + 7, comment.length() + 13);
            }).get();
            UiWait.until("the workbench shows the teammate's edit", () -> document.get().startsWith(comment));
            assertEquals(caret + comment.length(), editor.viewer().getTextWidget().getCaretOffset(),
                    "the local caret stays on the same text");
            UiWait.until("the teammate's cursor is drawn", () -> session.cursorsShown().stream().anyMatch(c -> c.name().equals("Bob")));
            assertEquals(List.of("Bob"), session.cursorNamesShown(), "a caret that just moved shows its owner's name");
            assertTrue(session.statusText().contains("1 collaborator"), session.statusText());
            UiWait.until("the status bar shows the connection and the collaborator",
                    () -> Widgets.find(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), org.eclipse.swt.custom.CLabel.class,
                            label -> label.getData(io.promptstudio.ui.collab.internal.CollabStatus.ID) != null)
                            .map(org.eclipse.swt.custom.CLabel::getText).orElse("").equals("Co-editing: synced · 1 collaborator"));
            CollaboratorsView who = (CollaboratorsView) page().showView(CollaboratorsView.ID);
            UiWait.until("the Collaborators view lists Bob", () -> who.rows().stream().anyMatch(row -> row.name().equals("Bob")));
            CollaboratorsView.Row bobRow = who.rows().get(0);
            assertEquals(Collaboration.documentName(file), bobRow.document());
            assertEquals(2, bobRow.line(), "Bob's cursor is on the line after his comment");
            assertEquals("team/Getting_20Started/prompts/summarize-thread.pstudio", bobRow.document(), "names are escaped for the server");

            io.promptstudio.collab.Comments bobComments = new io.promptstudio.collab.Comments(bobDocument, "Bob", java.time.Clock.systemUTC());
            int namespace = comment.length();
            String thread = teammateThread.submit(() -> bobComments.add(namespace, namespace + "namespace support".length(),
                    "is 'support' the right namespace?")).get();
            CommentsView comments = (CommentsView) page().showView(CommentsView.ID);
            UiWait.until("the workbench shows Bob's comment", () -> comments.threads().size() == 1);
            assertEquals("Bob", comments.threads().get(0).author());
            assertEquals("namespace support", document.get().substring(comments.threads().get(0).start(), comments.threads().get(0).end()));
            session.comments().reply(thread, "yes, it is the support team's prompt");
            UiWait.until("Bob gets the reply", () -> {
                try {
                    return teammateThread.submit(() -> bobComments.threads().get(0).replies().size()).get() == 1;
                } catch (Exception e) {
                    return false;
                }
            });
            page().activate(editor);
            UiWait.until("the reply is in the view", () -> !comments.threads().get(0).replies().isEmpty());
            UiWait.drainEvents();
            Screenshots.capture(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "comments.png");

            String note = "\n// tone: neutral\n";
            document.replace(document.getLength(), 0, note);
            UiWait.until("the teammate sees the workbench's edit", () -> bobEditor.get().endsWith(note));
            UiWait.drainEvents();
            Screenshots.capture(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "co-editing.png");
            assertShowsWhatAFullRepaintShows(editor.viewer().getTextWidget());

            UiWait.until("the name over a caret that stays put goes after a moment", () -> session.cursorNamesShown().isEmpty(),
                    Duration.ofSeconds(10));
            assertTrue(session.cursorsShown().stream().anyMatch(c -> c.name().equals("Bob")), "the caret itself stays");
            // the view repaints itself when a name goes: let its timer fire, then the screen must need no repaint
            long settled = System.currentTimeMillis() + 300;
            while (System.currentTimeMillis() < settled) {
                UiWait.drainEvents();
                Thread.sleep(20);
            }
            assertShowsWhatAFullRepaintShows(editor.viewer().getTextWidget());
            teammateThread.submit(() -> bobDocument.setSelection(comment.length(), comment.length())).get();
            UiWait.until("the name comes back when the caret moves", () -> session.cursorNamesShown().equals(List.of("Bob")));

            editor.getAction(ITextEditorActionConstants.UNDO).run();
            UiWait.until("undo takes back only the local edit", () -> !document.get().endsWith(note));
            assertTrue(document.get().startsWith(comment), "the teammate's edit stays: " + document.get());
            UiWait.until("the teammate gets the undo", () -> bobEditor.get().equals(document.get()));
            versionsCompareAndRestore(session, document);
            aYjsClientInNodeEditsWithTheEditor(session, document);
            teammateThread.submit(() -> {
                bob.close();
                bobDocument.close();
                return null;
            }).get();
        } finally {
            teammateThread.shutdown();
        }
        handlers().executeCommand("io.promptstudio.ui.coEdit", null);
        assertTrue(org.eclipse.ui.PlatformUI.getWorkbench().getService(Collaboration.class).session(editor).isEmpty(), "the command stops co-editing again");
        editor.doRevertToSaved();
        page().closeEditor(editor, false);
    }

    @Test
    void aSharedProjectFollowsTheFilesTheTeamAddsAndDeletes() throws Exception {
        CollabSettings.save("ws://127.0.0.1:" + port + "/hocuspocus", "team", "Ann", "#d9480f", token("ann"));
        org.eclipse.core.resources.IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT);
        io.promptstudio.ui.collab.internal.ProjectShare share = org.eclipse.ui.PlatformUI.getWorkbench().getService(Collaboration.class).share(project);
        UiWait.until("the project's files are listed", share::isReconciled, Duration.ofSeconds(30));

        ExecutorService teammateThread = Executors.newSingleThreadExecutor();
        try (CollabClient teammate = new CollabClient(URI.create("ws://127.0.0.1:" + port + "/hocuspocus"), () -> {
            try {
                return token("bob");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Files.createTempDirectory("ps-teammate-project"), "Bob", "#1c7ed6")) {
            SharedDocument index = teammate.open(io.promptstudio.ui.collab.internal.ProjectShare.indexName(project), teammateThread);
            io.promptstudio.collab.SharedProject bobFiles = new io.promptstudio.collab.SharedProject(index, "Bob", java.time.Clock.systemUTC());
            teammate.connect();
            UiWait.until("the teammate sees the workbench's files", () -> call(teammateThread, bobFiles::files)
                    .contains("prompts/summarize-thread.pstudio"), Duration.ofSeconds(30));

            IFile fromBob = project.getFile("prompts/from-bob.pstudio");
            SharedDocument newFile = teammate.open(Collaboration.documentName(fromBob), teammateThread);
            UiWait.until("the new file's document is synced", newFile::isSynced);
            call(teammateThread, () -> {
                newFile.edit(0, 0, "// a prompt from Bob\n");
                return null;
            });
            UiWait.until("the new file's text is stored", newFile::isSynced);
            call(teammateThread, () -> {
                bobFiles.add("prompts/from-bob.pstudio");
                return null;
            });
            // exists() turns true inside the creating operation, before the contents are written: wait for those
            UiWait.until("the workbench creates Bob's file", () -> contents(fromBob) != null, Duration.ofSeconds(30));
            assertEquals("// a prompt from Bob\n", contents(fromBob));

            IFile scratch = project.getFile("prompts/scratch.pstudio");
            scratch.create(new java.io.ByteArrayInputStream("// scratch\n".getBytes(StandardCharsets.UTF_8)), true, null);
            UiWait.until("the teammate sees the new local file", () -> call(teammateThread, bobFiles::files).contains("prompts/scratch.pstudio"));
            scratch.delete(true, true, null);
            fromBob.delete(true, true, null);
            UiWait.until("the teammate sees the deletions", () -> {
                var listed = call(teammateThread, bobFiles::files);
                return !listed.contains("prompts/scratch.pstudio") && !listed.contains("prompts/from-bob.pstudio");
            });
            call(teammateThread, () -> {
                newFile.close();
                index.close();
                return null;
            });
        } finally {
            teammateThread.shutdown();
            org.eclipse.ui.PlatformUI.getWorkbench().getService(Collaboration.class).unshare(project);
            // The files created and deleted here make the language re-check the workspace: leave it quiet.
            UiWait.until("the workspace checks have settled", () -> java.util.Arrays.stream(
                    org.eclipse.core.runtime.jobs.Job.getJobManager().find(null)).noneMatch(job -> job.getName().startsWith("Checking")),
                    Duration.ofSeconds(60));
        }
    }

    @Test
    void theLocalServerRunsInsideTheWorkbenchAndATeammateJoinsIt() throws Exception {
        int localPort = localServer().start(0);
        IFile file = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT).getFile("prompts/classify-sentiment.pstudio");
        PromptEditor editor = (PromptEditor) IDE.openEditor(page(), file, PromptEditor.ID, true);
        ExecutorService teammateThread = Executors.newSingleThreadExecutor();
        try {
            assertEquals("ws://127.0.0.1:" + localPort + "/hocuspocus", CollabSettings.server(), "this user co-edits through it");
            IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
            handlers().executeCommand("io.promptstudio.ui.coEdit", null);
            CoEditingSession session = org.eclipse.ui.PlatformUI.getWorkbench().getService(Collaboration.class).session(editor).orElseThrow();
            UiWait.until("synced with the local server", () -> session.shared().isSynced(), Duration.ofSeconds(30));
            try (CollabClient teammate = new CollabClient(URI.create("ws://127.0.0.1:" + localPort + "/hocuspocus"),
                    () -> localServer().teammateToken("bob"), Files.createTempDirectory("ps-local-teammate"),
                    "Bob", "#1c7ed6")) {
                SharedDocument shared = teammate.open(Collaboration.documentName(file), teammateThread);
                TeammateEditor bobEditor = new TeammateEditor();
                TextBinding bob = call(teammateThread, () -> new TextBinding(shared, bobEditor));
                teammate.connect();
                UiWait.until("the teammate joins through the local server", () -> bobEditor.get().equals(document.get()), Duration.ofSeconds(30));
                call(teammateThread, () -> {
                    bobEditor.replace(0, 0, "// via the local server\n");
                    bob.editorChanged(0, 0, "// via the local server\n");
                    return null;
                });
                UiWait.until("the workbench gets the teammate's edit", () -> document.get().startsWith("// via the local server\n"));
                call(teammateThread, () -> {
                    bob.close();
                    shared.close();
                    return null;
                });
            }
            handlers().executeCommand("io.promptstudio.ui.coEdit", null);
        } finally {
            teammateThread.shutdown();
            editor.doRevertToSaved();
            page().closeEditor(editor, false);
            localServer().stop();
        }
    }

    private static <T> T call(ExecutorService thread, java.util.concurrent.Callable<T> work) {
        try {
            return thread.submit(work).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The wire from the editor's side: a Yjs client in Node (the npm provider) sees the editor's text and edits it. */
    private static void aYjsClientInNodeEditsWithTheEditor(CoEditingSession session, IDocument document) throws Exception {
        Path folder = Path.of(System.getProperty("promptstudio.root", "../..")).resolve("tests/yjs-interop");
        assertTrue(Files.isDirectory(folder.resolve("node_modules/@hocuspocus/provider")), "the npm providers are installed in " + folder);
        String before = document.get();
        Process node = new ProcessBuilder("node", "collab-peer.mjs", Integer.toString(port), token("nia"), session.shared().name())
                .directory(folder.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.contains("\"seen\""), "the Node client answered: " + line);
            assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).path("seen").asText().equals(before),
                    "the Node client saw the editor's text");
            UiWait.until("the editor shows the Node client's edit", () -> document.get().equals(before + " and node"), Duration.ofSeconds(30));
            assertTrue(node.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, node.exitValue());
        } finally {
            node.destroyForcibly();
        }
    }

    /** A named version, listed in the Versions view, compared with the text now in the compare editor, restored. */
    private static void versionsCompareAndRestore(CoEditingSession session, IDocument document) throws Exception {
        String name = session.shared().name();
        Versions.Version saved = Collaboration.versions().save(name, "reviewed", "Bob's comment is in");
        String atVersion = document.get();
        VersionsView view = (VersionsView) page().showView(VersionsView.ID);
        view.refresh();
        UiWait.until("the Versions view lists the version", () -> view.shownVersions().stream().anyMatch(v -> v.name().equals("reviewed")));
        document.replace(0, 0, "// after the version\n");
        UiWait.until("the edit is stored", () -> session.shared().isSynced());
        Table table = Widgets.find(view.getSite().getShell(), Table.class, t -> "versions".equals(t.getData("name"))).orElseThrow();
        table.setSelection(0);
        Widgets.click(Widgets.find(view.getSite().getShell(), Button.class, b -> "compareCurrent".equals(b.getData("name"))).orElseThrow());
        UiWait.until("the compare editor opens", () -> page().getActiveEditor() != null
                && page().getActiveEditor().getEditorInput() instanceof org.eclipse.compare.CompareEditorInput);
        UiWait.drainEvents();
        Thread.sleep(500);
        UiWait.drainEvents();
        Screenshots.capture(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "versions-compare.png");
        page().closeEditor(page().getActiveEditor(), false);
        Collaboration.versions().restore(name, saved.id());
        UiWait.until("the restore reaches the editor", () -> document.get().equals(atVersion));
        auditLogShowsTheVersionRequests();
    }

    /** The workspace's owner (the first to co-edit in it) reads who saved and restored the version. */
    private static void auditLogShowsTheVersionRequests() throws Exception {
        AuditLogView view = (AuditLogView) page().showView(AuditLogView.ID);
        view.refresh();
        UiWait.until("the Audit Log view lists the save and the restore", () -> view.shownEntries().size() >= 2);
        List<String> newest = view.shownEntries().subList(0, 2).stream()
                .map(entry -> entry.actor() + " " + entry.action() + " " + entry.status()).toList();
        assertEquals(List.of("ann POST /api/v1/workspaces/{workspace}/documents/{document}/versions/{version}/restore 200",
                "ann POST /api/v1/workspaces/{workspace}/documents/{document}/versions 201"), newest, view.shownEntries().toString());
        assertTrue(view.headingText().startsWith("Audit log of workspace team: "), view.headingText());
        UiWait.drainEvents();
        Screenshots.capture(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "audit-log.png");
        assertEquals("team", view.shownEntries().get(0).workspace());

        view.showWholeTenant(true);
        UiWait.until("the tenant's log is refused to a tenant-wide editor", () -> view.headingText().startsWith(
                "Audit log of the tenant: the sync server answered 403: the tenant's audit log needs a token whose tenant-wide role is owner"));
        assertTrue(view.shownEntries().isEmpty(), view.shownEntries().toString());
        view.showWholeTenant(false);
        UiWait.until("the workspace's log is back", () -> view.shownEntries().size() >= 2);
    }

    /**
     * What the editor shows on screen matches what it paints from scratch: a repaint asked for in the middle of a
     * document change once left rows of stale pixels, shifted by the lines the change added, until the next one.
     */
    private static void assertShowsWhatAFullRepaintShows(StyledText text) {
        ImageData before = onScreen(text);
        text.redraw();
        text.update();
        UiWait.drainEvents();
        ImageData after = onScreen(text);
        // the caret blinks: its box may differ between the two captures
        Rectangle caret = text.getCaret() == null ? new Rectangle(0, 0, 0, 0) : text.getCaret().getBounds();
        List<Integer> rows = new ArrayList<>();
        for (int y = 0; y < before.height; y++) {
            for (int x = 0; x < before.width; x++) {
                boolean nearCaret = x >= caret.x - 2 && x <= caret.x + caret.width + 2 && y >= caret.y - 2 && y <= caret.y + caret.height + 2;
                if (!nearCaret && before.getPixel(x, y) != after.getPixel(x, y)) {
                    rows.add(y);
                    break;
                }
            }
        }
        assertTrue(rows.isEmpty(), "the editor showed stale pixels that a repaint changed, in " + rows.size() + " rows from y = "
                + (rows.isEmpty() ? 0 : rows.get(0)));
    }

    private static ImageData onScreen(StyledText text) {
        Display display = text.getDisplay();
        Rectangle area = display.map(text, null, text.getClientArea());
        Image image = new Image(display, area.width, area.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, area.x, area.y);
            return image.getImageData();
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /** The file's text, or null while it does not exist or has no contents yet. */
    private static String contents(IFile file) {
        try (java.io.InputStream in = file.getContents()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (org.eclipse.core.runtime.CoreException | java.io.IOException e) {
            return null;
        }
    }

    private static IHandlerService handlers() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getService(IHandlerService.class);
    }

    private static io.promptstudio.ui.collab.internal.LocalServer localServer() {
        return org.eclipse.ui.PlatformUI.getWorkbench().getService(io.promptstudio.ui.collab.internal.LocalServer.class);
    }
}
