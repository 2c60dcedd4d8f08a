package io.promptstudio.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.core.PromptFile;
import io.promptstudio.core.PromptProject;
import io.promptstudio.core.PromptStudioVersion;
import io.promptstudio.tests.support.ui.Screenshots;
import io.promptstudio.tests.support.ui.UiWait;
import io.promptstudio.tests.support.ui.Widgets;
import io.promptstudio.ui.PromptEditor;
import io.promptstudio.ui.internal.AboutDialog;
import io.promptstudio.ui.internal.AboutHandler;
import io.promptstudio.ui.internal.ImportProjectsJob;
import io.promptstudio.ui.internal.NewPromptFilePage;
import io.promptstudio.ui.internal.NewPromptFileWizard;
import io.promptstudio.ui.internal.NewPromptProjectWizard;
import io.promptstudio.ui.internal.PromptEngineeringPerspective;
import io.promptstudio.ui.internal.PromptLibraryView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.part.FileEditorInput;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Drives the real workbench as a user would: the perspective and Prompt Library view, File > New
 * wizards from the registry, the editor, the About dialog; saves screenshots under target/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkbenchTest {

    private static final String PROJECT = "support-bots";

    private final IWorkbench workbench = PlatformUI.getWorkbench();

    /** A failed test may leave a dialog open; close it so the next test starts from the workbench window. */
    @AfterEach
    void closeLeftoverDialogs() {
        Shell main = workbench.getActiveWorkbenchWindow() == null ? null : workbench.getActiveWorkbenchWindow().getShell();
        for (Shell shell : Display.getCurrent().getShells()) {
            if (shell != main && !shell.isDisposed() && shell.isVisible()) {
                shell.close();
            }
        }
        UiWait.drainEvents();
    }

    @Test
    @Order(1)
    void startsInThePromptEngineeringPerspectiveWithTheLibraryOpen() throws Exception {
        IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
        assertNotNull(window, "a workbench window is open");
        IWorkbenchPage page = window.getActivePage();
        assertEquals(PromptEngineeringPerspective.ID, page.getPerspective().getId());
        assertTrue(window.getShell().getText().startsWith("PromptStudio"), window.getShell().getText());

        PromptLibraryView library = (PromptLibraryView) page.showView(PromptLibraryView.ID);
        assertNotNull(library.getViewer());
    }

    @Test
    @Order(2)
    void newProjectWizardRejectsBadNamesAndCreatesAPromptProject() throws Exception {
        WizardDialog dialog = openWizard(NewPromptProjectWizard.ID, StructuredSelection.EMPTY);
        Shell shell = dialog.getShell();
        Text name = Widgets.find(shell, Text.class, text -> true).orElseThrow();

        Widgets.type(name, "bad:name");
        assertFalse(Widgets.button(shell, "Finish").isEnabled(), "Finish is disabled for an invalid name");
        assertTrue(dialog.getCurrentPage().getErrorMessage() != null
                && dialog.getCurrentPage().getErrorMessage().contains("':'"), dialog.getCurrentPage().getErrorMessage());

        Widgets.type(name, PROJECT);
        Widgets.click(Widgets.button(shell, "Finish"));
        UiWait.until("the wizard closes", shell::isDisposed);

        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
        assertTrue(project.isOpen(), "project is created and open");
        assertNotNull(ResourcesPlugin.getWorkspace().getNatureDescriptor(PromptProject.NATURE_ID),
                "the prompt nature is registered under the id core writes");
        assertTrue(project.isNatureEnabled(PromptProject.NATURE_ID));
        assertTrue(project.getFolder(PromptProject.PROMPTS_FOLDER).exists());
        assertTrue(PromptProject.isProject(project.getLocation().toPath()), "core sees the project too");
    }

    @Test
    @Order(3)
    void newPromptFileWizardCreatesTheFileAndOpensTheEditor() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
        WizardDialog dialog = openWizard(NewPromptFileWizard.ID, new StructuredSelection(project));
        Shell shell = dialog.getShell();
        Text folder = Widgets.textWithData(shell, NewPromptFilePage.FIELD_KEY, NewPromptFilePage.FOLDER_FIELD);
        Text fileName = Widgets.textWithData(shell, NewPromptFilePage.FIELD_KEY, NewPromptFilePage.NAME_FIELD);
        assertEquals(PROJECT + "/prompts", folder.getText(), "the selected project's prompts folder is proposed");

        Widgets.type(fileName, "classify ticket");
        assertFalse(Widgets.button(shell, "Finish").isEnabled());
        assertTrue(dialog.getCurrentPage().getErrorMessage().contains("may contain only letters"),
                dialog.getCurrentPage().getErrorMessage());

        Widgets.type(folder, PROJECT + "/missing");
        Widgets.type(fileName, "classify-ticket");
        assertTrue(dialog.getCurrentPage().getErrorMessage().contains("does not exist"),
                dialog.getCurrentPage().getErrorMessage());

        Widgets.type(folder, PROJECT + "/prompts");
        assertNull(dialog.getCurrentPage().getErrorMessage());
        Widgets.click(Widgets.button(shell, "Finish"));
        UiWait.until("the wizard closes", shell::isDisposed);

        IFile file = project.getFile("prompts/classify-ticket.pstudio");
        assertTrue(file.exists());
        String expected = PromptFile.initialContent("ClassifyTicket");
        assertEquals(expected, Files.readString(file.getLocation().toPath(), StandardCharsets.UTF_8));

        IEditorPart editor = UiWait.forValue("the prompt editor opens", () -> activePage().getActiveEditor());
        assertInstanceOf(PromptEditor.class, editor);
        assertEquals(new FileEditorInput(file), editor.getEditorInput());
        String shown = ((ITextEditor) editor).getDocumentProvider().getDocument(editor.getEditorInput()).get();
        assertEquals(expected, shown);
    }

    @Test
    @Order(4)
    void libraryListsTheNewFileAndFiltersByName() throws Exception {
        PromptLibraryView library = (PromptLibraryView) activePage().showView(PromptLibraryView.ID);
        UiWait.until("the library lists classify-ticket.pstudio", () -> fileLabels(library).stream()
                .anyMatch(label -> label.startsWith("classify-ticket.pstudio")));

        Text filter = Widgets.find(library.getViewer().getControl().getParent(), Text.class, text -> true).orElseThrow();
        Widgets.type(filter, "no-such-prompt");
        assertEquals(List.of(), fileLabels(library));
        Widgets.type(filter, "classify-t");
        assertEquals(List.of("classify-ticket.pstudio"), fileLabels(library).stream().map(label -> label.split(" ")[0]).toList());
        Widgets.type(filter, "");

        Shell shell = workbench.getActiveWorkbenchWindow().getShell();
        Path screenshot = Screenshots.capture(shell, "workbench.png");
        ImageData image = new ImageLoader().load(screenshot.toString())[0];
        assertEquals(shell.getBounds().width, image.width);
        assertEquals(shell.getBounds().height, image.height);
    }

    @Test
    @Order(5)
    void aboutShowsTheVersionTheBuildStamped() throws Exception {
        Display display = Display.getCurrent();
        AtomicReference<String> versionShown = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long deadline = System.nanoTime() + UiWait.DEFAULT_TIMEOUT.toNanos();
        // The command opens a modal dialog whose event loop blocks this method until it closes,
        // so the dialog is inspected and closed from a timer that runs inside that loop.
        Runnable inspect = new Runnable() {
            @Override
            public void run() {
                Shell about = Arrays.stream(display.getShells())
                        .filter(shell -> "About PromptStudio".equals(shell.getText()) && shell.isVisible())
                        .findFirst().orElse(null);
                if (about == null) {
                    if (System.nanoTime() < deadline) {
                        display.timerExec(100, this);
                    }
                    return;
                }
                try {
                    Widgets.find(about, Label.class, label -> Boolean.TRUE.equals(label.getData(AboutDialog.VERSION_LABEL)))
                            .ifPresent(label -> versionShown.set(label.getText()));
                    Screenshots.capture(about, "about.png");
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    about.close();
                }
            }
        };
        display.timerExec(100, inspect);
        workbench.getActiveWorkbenchWindow().getService(IHandlerService.class).executeCommand(AboutHandler.COMMAND_ID, null);

        if (failure.get() != null) {
            throw new AssertionError("inspecting the About dialog failed", failure.get());
        }
        assertEquals("Version " + PromptStudioVersion.version(), versionShown.get());
    }

    @Test
    @Order(6)
    void projectFoldersMadeOutsideTheWorkbenchAreImportedAndABrokenOneIsReported() throws Exception {
        Path root = ResourcesPlugin.getWorkspace().getRoot().getLocation().toPath();
        PromptProject.create(root, "from-cli").createPromptFile(PromptProject.PROMPTS_FOLDER, "summarize");
        Files.createDirectories(root.resolve("broken"));
        Files.writeString(root.resolve("broken/.project"), "<projectDescription><name>broken");

        ImportProjectsJob job = new ImportProjectsJob();
        job.schedule();
        UiWait.until("the import job finishes", () -> job.getResult() != null);

        assertTrue(ResourcesPlugin.getWorkspace().getRoot().getProject("from-cli").isOpen());
        assertFalse(ResourcesPlugin.getWorkspace().getRoot().getProject("broken").exists());
        assertEquals(org.eclipse.core.runtime.IStatus.ERROR, job.getResult().getSeverity());
        assertTrue(job.getResult().getChildren()[0].getMessage().contains("broken"), job.getResult().getChildren()[0].getMessage());
        assertTrue(Files.readString(root.resolve("broken/.project")).endsWith("<name>broken"), "the broken file is left as it was");

        PromptLibraryView library = (PromptLibraryView) activePage().showView(PromptLibraryView.ID);
        UiWait.until("the library lists the imported prompt", () -> fileLabels(library).stream()
                .anyMatch(label -> label.startsWith("summarize.pstudio")));
    }

    @Test
    @Order(7)
    void aFileThatAppearsBeforeFinishIsNeverOverwritten() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
        WizardDialog dialog = openWizard(NewPromptFileWizard.ID, new StructuredSelection(project));
        Shell shell = dialog.getShell();
        Widgets.type(Widgets.textWithData(shell, NewPromptFilePage.FIELD_KEY, NewPromptFilePage.NAME_FIELD), "raced");
        assertNull(dialog.getCurrentPage().getErrorMessage());

        Path onDisk = project.getLocation().toPath().resolve("prompts/raced.pstudio");
        Files.writeString(onDisk, "written by someone else");
        Widgets.click(Widgets.button(shell, "Finish"));
        UiWait.drainEvents();

        assertFalse(shell.isDisposed(), "the wizard stays open");
        String error = dialog.getCurrentPage().getErrorMessage();
        assertTrue(error != null && error.startsWith("Could not create the prompt file: "), error);
        assertEquals("written by someone else", Files.readString(onDisk));
        dialog.close();
    }

    private WizardDialog openWizard(String id, StructuredSelection selection) throws Exception {
        INewWizard wizard = (INewWizard) workbench.getNewWizardRegistry().findWizard(id).createWizard();
        wizard.init(workbench, selection);
        WizardDialog dialog = new WizardDialog(workbench.getActiveWorkbenchWindow().getShell(), wizard);
        dialog.setBlockOnOpen(false);
        dialog.open();
        UiWait.drainEvents();
        return dialog;
    }

    private IWorkbenchPage activePage() {
        return workbench.getActiveWorkbenchWindow().getActivePage();
    }

    private static List<String> fileLabels(PromptLibraryView library) {
        library.getViewer().expandAll();
        return Arrays.stream(library.getViewer().getTree().getItems())
                .flatMap(project -> Arrays.stream(project.getItems()))
                .map(TreeItem::getText)
                .toList();
    }
}
