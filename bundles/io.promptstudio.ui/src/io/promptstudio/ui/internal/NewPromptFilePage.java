package io.promptstudio.ui.internal;

import io.promptstudio.core.Names;
import io.promptstudio.core.PromptFile;
import io.promptstudio.core.PromptProject;
import java.util.Optional;
import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceRoot;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.ContainerSelectionDialog;

/** Asks where the prompt file goes and what it is called; the core's naming rules decide what is valid. */
public class NewPromptFilePage extends WizardPage {

    /** Widget data key naming the page's fields, for UI tests that type into them. */
    public static final String FIELD_KEY = "io.promptstudio.ui.field";
    public static final String FOLDER_FIELD = "folder";
    public static final String NAME_FIELD = "fileName";

    private final IStructuredSelection selection;
    private Text folderText;
    private Text nameText;

    NewPromptFilePage(IStructuredSelection selection) {
        super("newPromptFile");
        this.selection = selection;
        setTitle(Messages.NewFile_title);
        setDescription(Messages.NewFile_description);
    }

    @Override
    public void createControl(Composite parent) {
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(3, false));

        new Label(body, SWT.NONE).setText(Messages.NewFile_folder);
        folderText = new Text(body, SWT.BORDER | SWT.SINGLE);
        folderText.setData(FIELD_KEY, FOLDER_FIELD);
        folderText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button browse = new Button(body, SWT.PUSH);
        browse.setText(Messages.NewFile_browse);
        browse.addListener(SWT.Selection, event -> browseForFolder());

        new Label(body, SWT.NONE).setText(Messages.NewFile_fileName);
        nameText = new Text(body, SWT.BORDER | SWT.SINGLE);
        nameText.setData(FIELD_KEY, NAME_FIELD);
        nameText.setMessage(Messages.NewFile_nameHint);
        nameText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        initialFolder().ifPresent(folder -> folderText.setText(folder.getFullPath().makeRelative().toString()));
        folderText.addModifyListener(event -> validate());
        nameText.addModifyListener(event -> validate());

        setControl(body);
        validate();
        setErrorMessage(null);
        (folderText.getText().isEmpty() ? folderText : nameText).setFocus();
    }

    /** The file the wizard will create; valid only while the page is complete. */
    IFile targetFile() {
        return container().orElseThrow().getFile(IPath.fromPortableString(PromptFile.withExtension(nameText.getText().strip())));
    }

    private Optional<IContainer> container() {
        String text = folderText.getText().strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        IWorkspaceRoot root = ResourcesPlugin.getWorkspace().getRoot();
        IResource resource = root.findMember(IPath.fromPortableString(text));
        return resource instanceof IContainer c && c.getType() != IResource.ROOT && c.isAccessible()
                ? Optional.of(c)
                : Optional.empty();
    }

    private void validate() {
        String problem = findProblem();
        setErrorMessage(problem);
        setPageComplete(problem == null);
    }

    private String findProblem() {
        if (folderText.getText().isBlank()) {
            return Messages.NewFile_folderMissing;
        }
        Optional<IContainer> container = container();
        if (container.isEmpty()) {
            return Messages.bind(Messages.NewFile_folderNotFound, folderText.getText().strip());
        }
        Optional<String> nameProblem = Names.checkPromptFileName(nameText.getText());
        if (nameProblem.isPresent()) {
            return nameProblem.get();
        }
        IFile file = targetFile();
        if (file.exists() || file.getLocation() != null && file.getLocation().toFile().exists()) {
            return Messages.bind(Messages.NewFile_exists, file.getFullPath().makeRelative());
        }
        return null;
    }

    private void browseForFolder() {
        ContainerSelectionDialog dialog = new ContainerSelectionDialog(getShell(), container().orElse(null), false,
                Messages.NewFile_chooseFolder);
        if (dialog.open() == ContainerSelectionDialog.OK && dialog.getResult().length > 0) {
            folderText.setText(((IPath) dialog.getResult()[0]).makeRelative().toString());
        }
    }

    /** The folder of the selected resource or prompt file; in a project, its prompts folder when it has one. */
    private Optional<IContainer> initialFolder() {
        if (selection == null || selection.isEmpty()) {
            return Optional.empty();
        }
        Object element = selection.getFirstElement();
        IWorkspaceRoot root = ResourcesPlugin.getWorkspace().getRoot();
        IResource resource = Adapters.adapt(element, IResource.class);
        if (element instanceof PromptFile file) {
            resource = root.getFileForLocation(IPath.fromPath(file.path()));
        } else if (element instanceof PromptProject project) {
            resource = root.getProject(project.name());
        }
        if (resource == null) {
            return Optional.empty();
        }
        IContainer container = resource instanceof IContainer c ? c : resource.getParent();
        if (container instanceof IProject project && project.getFolder(PromptProject.PROMPTS_FOLDER).exists()) {
            return Optional.of(project.getFolder(PromptProject.PROMPTS_FOLDER));
        }
        return Optional.of(container);
    }
}
