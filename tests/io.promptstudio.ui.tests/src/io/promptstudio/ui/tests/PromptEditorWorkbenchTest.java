package io.promptstudio.ui.tests;

import static io.promptstudio.tests.support.ui.WorkbenchParts.checksSettled;
import static io.promptstudio.tests.support.ui.WorkbenchParts.page;
import static io.promptstudio.tests.support.ui.WorkbenchParts.shell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.tests.support.providers.FakeProviderServer;
import io.promptstudio.tests.support.ui.Screenshots;
import io.promptstudio.tests.support.ui.UiWait;
import io.promptstudio.tests.support.ui.Widgets;
import io.promptstudio.tests.support.ui.WorkbenchParts;
import io.promptstudio.ui.KeyStore;
import io.promptstudio.ui.PromptEditor;
import io.promptstudio.ui.WorkbenchSettings;
import io.promptstudio.ui.internal.GettingStarted;
import io.promptstudio.ui.internal.WelcomeView;
import io.promptstudio.ui.internal.language.ProblemMarkers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The newcomer's path through the real workbench's shell: the Getting Started project and welcome page, the editor
 * (highlighting, a live error in the Problems view fixed by its quick fix, Ctrl+Space, format, F3, outline), the
 * YAML form, and the keys and providers preferences. Screenshots go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PromptEditorWorkbenchTest {

    private static final String SENTIMENT = "prompts/classify-sentiment.pstudio";
    private static FakeProviderServer provider;
    private static Path history;

    @BeforeAll
    static void localProviderAndHistory() throws Exception {
        provider = new FakeProviderServer();
        history = Files.createTempDirectory("promptstudio-ui-history").resolve("history");
        WorkbenchSettings.setHistoryFile(history.toString());
        WorkbenchSettings.setEndpoint("openai", provider.endpoint());
        WorkbenchSettings.setEndpoint("openai-compatible", provider.endpoint());
    }

    @AfterAll
    static void stopProvider() {
        WorkbenchSettings.setEndpoint("openai", null);
        WorkbenchSettings.setEndpoint("openai-compatible", null);
        WorkbenchSettings.setHistoryFile(null);
        provider.close();
    }

    @AfterEach
    void closeDialogs() {
        Shell main = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        for (Shell shell : Display.getCurrent().getShells()) {
            if (shell != main && !shell.isDisposed() && shell.isVisible() && shell.getParent() == main && shell.getText().length() > 0) {
                shell.close();
            }
        }
        UiWait.drainEvents();
    }

    @Test
    @Order(1)
    void theFirstStartMakesTheGettingStartedProjectAndShowsTheWelcomePage() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT);
        UiWait.until("the Getting Started project is made", () -> project.exists() && project.isOpen() && project.getFile(SENTIMENT).exists());
        long examples;
        try (var files = Files.list(project.getLocation().toPath().resolve("prompts"))) {
            examples = files.filter(file -> file.toString().endsWith(".pstudio")).count();
        }
        assertEquals(14, examples, "every example of the language is in it, the judge library and the chains too");
        assertTrue(project.getFile("prompts/judges.pstudio").exists());
        var session = org.eclipse.ui.PlatformUI.getWorkbench().getService(io.promptstudio.ui.LanguageService.class).session();
        Path shared = project.getFile("prompts/shared.pstudio").getLocation().toPath();
        try {
            UiWait.until("the language session holds the examples", () -> session.files().contains(shared)
                    && session.profiles().contains("deterministic"));
        } catch (AssertionError e) {
            throw new AssertionError("session files " + session.files() + ", profiles " + session.profiles() + ", shared "
                    + shared + ": " + session.findings(shared), e);
        }
        try {
            UiWait.until("every example checks clean in the Problems view (files are checked against each other once all are loaded)",
                    () -> checksSettled() && errors(project) == 0);
        } catch (AssertionError e) {
            throw new AssertionError("errors: " + Arrays.stream(project.findMarkers(ProblemMarkers.TYPE, false, IResource.DEPTH_INFINITE))
                    .map(marker -> marker.getResource().getName() + ": " + marker.getAttribute(IMarker.MESSAGE, "")).toList() + "; jobs: "
                    + Arrays.stream(org.eclipse.core.runtime.jobs.Job.getJobManager().find(null)).map(job -> job.getName()).toList(), e);
        }
        UiWait.until("the welcome page is shown", () -> page().findView(WelcomeView.ID) != null);
        page().showView(WelcomeView.ID);
        UiWait.drainEvents();
        Screenshots.capture(shell(), "welcome.png");
        assertFalse(GettingStarted.isFirstStart(), "the next start is not a first start");
    }

    @Test
    @Order(2)
    void theEditorHighlightsAndAnUndefinedPlaceholderIsAProblemThatItsQuickFixRemoves() throws Exception {
        PromptEditor editor = openSentiment();
        UiWait.until("the highlighting is drawn", () -> editor.highlights().stream()
                .anyMatch(highlight -> highlight.style().equals("keyword")));
        IDocument document = document(editor);
        String original = document.get();
        int placeholder = original.indexOf("Review: {{ review }}") + "Review: {{ review }}".length();
        assertTrue(editor.highlights().stream().anyMatch(h -> h.style().equals("macro") && h.offset() < placeholder && h.offset() > placeholder - 14),
                "the placeholder is highlighted as a placeholder");

        document.replace(placeholder, 0, " for {{ audience }}");
        IFile file = editor.file();
        IMarker marker = UiWait.forValue("the Problems view gets a marker for {{ audience }}", () -> markers(file).stream()
                .filter(each -> each.getAttribute(IMarker.MESSAGE, "").contains("audience")).findFirst().orElse(null));
        assertEquals(IMarker.SEVERITY_ERROR, marker.getAttribute(IMarker.SEVERITY, -1));
        assertEquals("audience", document.get().substring(marker.getAttribute(IMarker.CHAR_START, 0), marker.getAttribute(IMarker.CHAR_END, 0)));
        page().showView("org.eclipse.ui.views.ProblemView");
        editor.reveal(marker.getAttribute(IMarker.CHAR_START, 0), 0);
        UiWait.drainEvents();
        Screenshots.capture(shell(), "editor-marker.png");

        IMarkerResolution[] fixes = IDE.getMarkerHelpRegistry().getResolutions(marker);
        IMarkerResolution declare = Arrays.stream(fixes).filter(fix -> fix.getLabel().startsWith("Declare parameter")).findFirst()
                .orElseThrow(() -> new AssertionError("fixes offered: " + Arrays.stream(fixes).map(IMarkerResolution::getLabel).toList()));
        declare.run(marker);
        assertTrue(document.get().contains("audience: string"), document.get());
        // the new parameter is required, so the file's test now lacks an input: its own quick fix adds it
        IMarker missing = UiWait.forValue("the test is reported missing the new input", () -> markers(file).stream()
                .filter(each -> each.getAttribute(ProblemMarkers.CODE, "").endsWith("missing-test-input")).findFirst().orElse(null));
        assertTrue(markers(file).stream().noneMatch(each -> each.getAttribute(IMarker.MESSAGE, "").contains("'audience'")
                && each.getAttribute(ProblemMarkers.CODE, "").endsWith("unknown-variable")), "the placeholder is declared now");
        IMarkerResolution addInput = Arrays.stream(IDE.getMarkerHelpRegistry().getResolutions(missing))
                .filter(fix -> fix.getLabel().startsWith("Add input")).findFirst().orElseThrow();
        addInput.run(missing);
        // the file's dataset rows lack it too: each row's own quick fix adds it
        for (int left = 3; left > 0; left--) {
            int rows = left;
            UiWait.until(rows + " dataset rows are reported missing the new input", () -> missingInputs(file).size() == rows);
            IMarker rowMissing = missingInputs(file).get(0);
            Arrays.stream(IDE.getMarkerHelpRegistry().getResolutions(rowMissing)).filter(fix -> fix.getLabel().startsWith("Add input"))
                    .findFirst().orElseThrow().run(rowMissing);
        }
        UiWait.until("no errors are left", () -> markers(file).stream()
                .noneMatch(each -> each.getAttribute(IMarker.SEVERITY, 0) == IMarker.SEVERITY_ERROR));
        assertTrue(editor.isDirty(), "the fix is an edit of the open editor, not a write behind its back");
        editor.doRevertToSaved();
        UiWait.until("reverting brings the file back", () -> document.get().equals(original));
    }

    @Test
    @Order(3)
    void ctrlSpaceProposesADeclaredParameterInsideAPlaceholder() throws Exception {
        PromptEditor editor = openSentiment();
        IDocument document = document(editor);
        String original = document.get();
        int at = original.indexOf("{{ product }}") + "{{ ".length();
        document.replace(at, "product".length(), "pro");
        editor.reveal(at + 3, 0);
        // Other tests' file changes make the language re-check the workspace; a busy language shows a popup
        // instead of inserting the single proposal, so ask once it is quiet.
        UiWait.until("the workspace checks have settled", WorkbenchParts::checksSettled, Duration.ofSeconds(60));
        UiWait.drainEvents();
        handlers().executeCommand("org.eclipse.ui.edit.text.contentAssist.proposals", null);
        // Eclipse inserts a single proposal at once when it is computed in time; on a loaded machine it shows the
        // popup instead, with that one proposal, which Enter applies
        UiWait.until("the one parameter that starts with 'pro' is inserted or alone in the popup",
                () -> document.get().equals(original) || completionPopup() != null);
        Table single = completionPopup();
        if (single != null && !document.get().equals(original)) {
            assertEquals(List.of("product"), Arrays.stream(single.getItems()).map(item -> item.getText().split(" ")[0]).toList());
            single.setSelection(0);
            single.notifyListeners(SWT.DefaultSelection, new Event());
        }
        UiWait.until("the one parameter that starts with 'pro' is inserted", () -> document.get().equals(original));

        document.replace(at, "product".length(), "");
        editor.reveal(at, 0);
        UiWait.drainEvents();
        handlers().executeCommand("org.eclipse.ui.edit.text.contentAssist.proposals", null);
        Table proposals = UiWait.forValue("the completion popup lists the parameters", PromptEditorWorkbenchTest::completionPopup);
        List<String> labels = Arrays.stream(proposals.getItems()).map(item -> item.getText().split(" ")[0]).toList();
        assertTrue(labels.containsAll(List.of("output_format", "product", "review")), labels.toString());
        assertFalse(labels.contains("sentiment"), "a field of the output is not a parameter: " + labels);
        Screenshots.capture(shell(), "completion.png");
        proposals.getShell().close();
        editor.doRevertToSaved();
    }

    /** The visible completion popup's list when it proposes 'product', or null. */
    private static Table completionPopup() {
        return Arrays.stream(Display.getCurrent().getShells())
                .filter(shell -> shell.isVisible() && shell != shell())
                .flatMap(shell -> Widgets.findAll(shell, Table.class, table -> true).stream())
                .filter(table -> Arrays.stream(table.getItems()).anyMatch(item -> item.getText().startsWith("product"))).findFirst().orElse(null);
    }

    @Test
    @Order(4)
    void formatOutlineFoldingAndGoToDefinition() throws Exception {
        PromptEditor editor = openSentiment();
        IDocument document = document(editor);
        String original = document.get();
        document.set(original.replace("  sentiment: Sentiment", "      sentiment:    Sentiment"));
        handlers().executeCommand("io.promptstudio.ui.format", null);
        assertEquals(original, document.get(), "format restores the layout");
        assertFalse(editor.isDirty() && !document.get().equals(original));
        editor.doRevertToSaved();

        var outline = (org.eclipse.ui.views.contentoutline.ContentOutlinePage) editor.getAdapter(IContentOutlinePage.class);
        assertNotNull(outline);
        page().showView("org.eclipse.ui.views.ContentOutline");
        UiWait.until("the outline lists the declarations", () -> outline.getControl() != null
                && ((Tree) outline.getControl()).getItemCount() >= 4);
        List<String> labels = Arrays.stream(((Tree) outline.getControl()).getItems()).map(TreeItem::getText).toList();
        assertTrue(labels.contains("enum Sentiment") && labels.stream().anyMatch(label -> label.startsWith("ClassifySentiment(")), labels.toString());
        UiWait.until("folding regions are made", () -> editor.foldCount() >= 3);

        int profile = document.get().indexOf("using deterministic") + "using ".length() + 2;
        editor.reveal(profile, 0);
        handlers().executeCommand("io.promptstudio.ui.openDeclaration", null);
        UiWait.until("F3 opens shared.pstudio", () -> page().getActiveEditor() instanceof PromptEditor opened
                && opened.file().getName().equals("shared.pstudio"));
        PromptEditor shared = (PromptEditor) page().getActiveEditor();
        var selection = (org.eclipse.jface.text.ITextSelection) shared.getSelectionProvider().getSelection();
        assertEquals("deterministic", selection.getText());
    }

    @Test
    @Order(9)
    void theYamlFormOpensInAPlainEditorThatChecksIt() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT);
        IFile yaml = project.getFile("ticket.yaml");
        String text = "promptstudio: 1\ndeclarations:\n- prompt: Classify\n  parameters:\n  - text: string\n  returns: string\n  mesages: []\n";
        yaml.create(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), true, null);
        var editor = IDE.openEditor(page(), yaml, true);
        assertEquals(io.promptstudio.ui.internal.language.PromptYamlEditor.ID, editor.getEditorSite().getId());
        IMarker problem = UiWait.forValue("the misspelt key is a marker at its line", () -> markers(yaml).stream()
                .filter(marker -> marker.getAttribute(IMarker.LINE_NUMBER, 0) > 0).findFirst().orElse(null));
        assertEquals(7, problem.getAttribute(IMarker.LINE_NUMBER, 0));
        assertTrue(problem.getAttribute(IMarker.MESSAGE, "").contains("mesages"), problem.getAttribute(IMarker.MESSAGE, ""));
        IDocument document = ((org.eclipse.ui.texteditor.ITextEditor) editor).getDocumentProvider().getDocument(editor.getEditorInput());
        document.set(text.replace("mesages: []", "messages:\n  - user: '{{ text }}'\n    inline: true"));
        UiWait.until("the fixed YAML has no marker", () -> markers(yaml).isEmpty());
        page().closeEditor(editor, false);
    }

    @Test
    @Order(10)
    void keysLiveInSecureStorageAndThePreferencePageShowsTheProviders() throws Exception {
        KeyStore.store("MISTRAL_API_KEY", "sk-test-secret");
        assertEquals("sk-test-secret", KeyStore.lookup("MISTRAL_API_KEY"));
        Path secure = Path.of(System.getProperty("user.home"), ".eclipse", "org.eclipse.equinox.security", "secure_storage");
        Optional<String> plain = Files.isRegularFile(secure) ? Optional.of(Files.readString(secure)) : Optional.empty();
        assertFalse(plain.orElse("").contains("sk-test-secret"), "the key is stored encrypted");
        KeyStore.store("MISTRAL_API_KEY", "");
        assertEquals(System.getenv("MISTRAL_API_KEY"), KeyStore.lookup("MISTRAL_API_KEY"));

        var dialog = org.eclipse.ui.dialogs.PreferencesUtil.createPreferenceDialogOn(shell(),
                io.promptstudio.ui.internal.preferences.ProvidersPreferencePage.ID, null, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        UiWait.drainEvents();
        Text endpoint = Widgets.textWithData(dialog.getShell(), "name", "endpoint.openai-compatible");
        assertEquals(provider.endpoint(), endpoint.getText());
        Screenshots.capture(dialog.getShell(), "preferences.png");
        dialog.close();
    }

    private PromptEditor openSentiment() throws Exception {
        IFile file = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT).getFile(SENTIMENT);
        UiWait.until("the example exists", file::exists);
        return (PromptEditor) IDE.openEditor(page(), file, PromptEditor.ID, true);
    }

    private static IDocument document(PromptEditor editor) {
        return editor.getDocumentProvider().getDocument(editor.getEditorInput());
    }

    private static int errors(IProject project) {
        try {
            return (int) Arrays.stream(project.findMarkers(ProblemMarkers.TYPE, false, IResource.DEPTH_INFINITE))
                    .filter(marker -> marker.getAttribute(IMarker.SEVERITY, 0) == IMarker.SEVERITY_ERROR).count();
        } catch (CoreException e) {
            return -1;
        }
    }

    private static List<IMarker> missingInputs(IFile file) {
        return markers(file).stream().filter(each -> each.getAttribute(ProblemMarkers.CODE, "").endsWith("missing-test-input")).toList();
    }

    private static List<IMarker> markers(IFile file) {
        try {
            return List.of(file.findMarkers(ProblemMarkers.TYPE, false, IResource.DEPTH_ZERO));
        } catch (CoreException e) {
            return List.of();
        }
    }

    private static IHandlerService handlers() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getService(IHandlerService.class);
    }
}
