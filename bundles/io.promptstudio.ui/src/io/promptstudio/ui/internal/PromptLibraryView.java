package io.promptstudio.ui.internal;

import io.promptstudio.core.PromptFile;
import io.promptstudio.core.PromptProject;
import io.promptstudio.dsl.ide.session.LanguageSession;
import java.util.List;
import java.util.Locale;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.DelegatingStyledCellLabelProvider.IStyledLabelProvider;
import org.eclipse.jface.viewers.DelegatingStyledCellLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.StyledString;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.part.ViewPart;
import org.eclipse.ui.statushandlers.StatusManager;

/** Lists the prompt files of the workspace by project; filter by name, double-click to open. */
public class PromptLibraryView extends ViewPart {

    public static final String ID = "io.promptstudio.ui.promptLibrary";

    private static final long REFRESH_DELAY_MS = 150;

    private TreeViewer viewer;
    private Text filter;
    private Label emptyHint;
    private final Job refreshJob = new RefreshJob();
    private final IResourceChangeListener resourceListener = event -> refreshJob.schedule(REFRESH_DELAY_MS);
    private final Runnable languageListener = () -> refreshJob.schedule(REFRESH_DELAY_MS);
    private volatile PromptLibrary library = PromptLibrary.EMPTY;

    @Override
    public void createPartControl(Composite parent) {
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        layout.verticalSpacing = 2;
        parent.setLayout(layout);

        filter = new Text(parent, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
        filter.setMessage(Messages.Library_filter);
        filter.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        emptyHint = new Label(parent, SWT.WRAP);
        emptyHint.setText(Messages.Library_emptyHint);
        emptyHint.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));

        viewer = new TreeViewer(parent, SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getControl().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        viewer.setContentProvider(new LibraryContentProvider());
        viewer.setLabelProvider(new DelegatingStyledCellLabelProvider(new LibraryLabelProvider()));
        viewer.setFilters(new NameFilter());
        viewer.setAutoExpandLevel(2);
        viewer.addOpenListener(event -> open((IStructuredSelection) event.getSelection()));
        filter.addModifyListener(event -> {
            viewer.refresh();
            viewer.expandAll();
        });
        getSite().setSelectionProvider(viewer);

        showLibrary(PromptLibrary.EMPTY);
        workspace().addResourceChangeListener(resourceListener, IResourceChangeEvent.POST_CHANGE);
        language().addListener(languageListener);
        refreshJob.schedule();
    }

    private io.promptstudio.ui.LanguageService language() {
        return getSite().getService(io.promptstudio.ui.LanguageService.class);
    }

    /** The tree, for tests that read what the user sees. */
    public TreeViewer getViewer() {
        return viewer;
    }

    /** Rescans the workspace now, e.g. after files changed outside the workbench. */
    public void refresh() {
        refreshJob.schedule();
    }

    private void showLibrary(PromptLibrary newLibrary) {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        library = newLibrary;
        boolean empty = newLibrary.isEmpty();
        emptyHint.setVisible(empty);
        ((GridData) emptyHint.getLayoutData()).exclude = !empty;
        emptyHint.getParent().layout(true);
        Object[] expanded = viewer.getExpandedElements();
        viewer.setInput(newLibrary);
        if (expanded.length > 0) {
            viewer.setExpandedElements(expanded);
        }
        for (IStatus problem : newLibrary.problems()) {
            StatusManager.getManager().handle(problem, StatusManager.LOG);
        }
    }

    private void open(IStructuredSelection selection) {
        for (Object element : selection.toList()) {
            if (element instanceof PromptFile file) {
                IFile resource = workspace().getRoot().getFileForLocation(IPath.fromPath(file.path()));
                if (resource == null) {
                    continue;
                }
                try {
                    IDE.openEditor(getSite().getPage(), resource, true);
                } catch (PartInitException e) {
                    StatusManager.getManager().handle(e.getStatus(), StatusManager.SHOW | StatusManager.LOG);
                }
            } else if (element instanceof LanguageSession.PromptInfo prompt) {
                IFile resource = workspace().getRoot().getFileForLocation(IPath.fromPath(prompt.file()));
                if (resource == null) {
                    continue;
                }
                try {
                    if (IDE.openEditor(getSite().getPage(), resource, true) instanceof io.promptstudio.ui.PromptEditor editor) {
                        editor.reveal(prompt.offset(), 0);
                    }
                } catch (PartInitException e) {
                    StatusManager.getManager().handle(e.getStatus(), StatusManager.SHOW | StatusManager.LOG);
                }
            } else if (element instanceof PromptProject) {
                viewer.setExpandedState(element, !viewer.getExpandedState(element));
            }
        }
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        workspace().removeResourceChangeListener(resourceListener);
        language().removeListener(languageListener);
        refreshJob.cancel();
        super.dispose();
    }

    private static IWorkspace workspace() {
        return ResourcesPlugin.getWorkspace();
    }

    /** Scans the disk off the UI thread, then hands the result to the viewer. */
    private final class RefreshJob extends Job {

        RefreshJob() {
            super(Messages.Library_refreshJob);
            setSystem(true);
        }

        @Override
        protected IStatus run(IProgressMonitor monitor) {
            PromptLibrary scanned = PromptLibrary.scan(workspace().getRoot(), language());
            if (monitor.isCanceled()) {
                return Status.CANCEL_STATUS;
            }
            var display = PlatformUI.getWorkbench().getDisplay();
            if (!display.isDisposed()) {
                display.asyncExec(() -> showLibrary(scanned));
            }
            return Status.OK_STATUS;
        }
    }

    private static final class LibraryContentProvider implements ITreeContentProvider {

        private PromptLibrary currentInput;

        @Override
        public Object[] getElements(Object input) {
            return input instanceof PromptLibrary lib ? lib.filesByProject().keySet().toArray() : new Object[0];
        }

        @Override
        public Object[] getChildren(Object parent) {
            if (parent instanceof PromptProject project && currentInput != null) {
                List<PromptFile> files = currentInput.filesByProject().get(project);
                return files == null ? new Object[0] : files.toArray();
            }
            if (parent instanceof PromptFile file && currentInput != null) {
                return currentInput.prompts(file).toArray();
            }
            return new Object[0];
        }

        @Override
        public void inputChanged(Viewer viewer, Object oldInput, Object newInput) {
            currentInput = newInput instanceof PromptLibrary lib ? lib : null;
        }

        @Override
        public Object getParent(Object element) {
            if (element instanceof PromptFile file && currentInput != null) {
                return currentInput.filesByProject().keySet().stream()
                        .filter(project -> project.name().equals(file.projectName())).findFirst().orElse(null);
            }
            return null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return getChildren(element).length > 0;
        }
    }

    private static final class LibraryLabelProvider extends LabelProvider implements IStyledLabelProvider {

        @Override
        public StyledString getStyledText(Object element) {
            if (element instanceof PromptFile file) {
                StyledString text = new StyledString(file.fileName());
                Object folder = file.relativePath().getParent();
                if (folder != null) {
                    text.append("  " + folder, StyledString.QUALIFIER_STYLER);
                }
                return text;
            }
            if (element instanceof PromptProject project) {
                return new StyledString(project.name());
            }
            if (element instanceof LanguageSession.PromptInfo prompt) {
                StyledString text = new StyledString(prompt.simpleName());
                String signature = prompt.signature() == null ? "" : prompt.signature().replaceFirst("^prompt [^(]*", "");
                text.append(" " + signature, StyledString.DECORATIONS_STYLER);
                return text;
            }
            return new StyledString(String.valueOf(element));
        }

        @Override
        public Image getImage(Object element) {
            if (element instanceof PromptProject) {
                return PlatformUI.getWorkbench().getSharedImages().getImage(IDE.SharedImages.IMG_OBJ_PROJECT);
            }
            if (element instanceof PromptFile) {
                return Images.promptFile();
            }
            return PlatformUI.getWorkbench().getSharedImages().getImage(ISharedImages.IMG_OBJ_ELEMENT);
        }
    }

    /** Keeps the files whose name, folder or prompt name contain the filter text; projects with a match stay. */
    private final class NameFilter extends ViewerFilter {

        @Override
        public boolean select(Viewer viewer, Object parent, Object element) {
            String text = filter.getText().strip().toLowerCase(Locale.ROOT);
            if (text.isEmpty()) {
                return true;
            }
            if (element instanceof PromptFile file) {
                return file.relativePath().toString().toLowerCase(Locale.ROOT).contains(text)
                        || file.promptName().toLowerCase(Locale.ROOT).contains(text)
                        || library.prompts(file).stream().anyMatch(prompt -> prompt.name().toLowerCase(Locale.ROOT).contains(text));
            }
            if (element instanceof PromptProject project) {
                List<PromptFile> files = library.filesByProject().get(project);
                return files != null && files.stream().anyMatch(file -> select(viewer, project, file));
            }
            return true;
        }
    }
}
