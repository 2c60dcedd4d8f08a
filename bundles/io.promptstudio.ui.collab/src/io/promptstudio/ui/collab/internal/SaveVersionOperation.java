package io.promptstudio.ui.collab.internal;

import io.promptstudio.collab.Versions;
import io.promptstudio.ui.WorkbenchOperation;
import java.io.IOException;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;

/** "Save Version…": asks the sync server to keep the co-edited document's current text under a name. */
final class SaveVersionOperation implements WorkbenchOperation {

    private final Versions versions;
    private final String document;
    private final String name;
    private final String message;

    SaveVersionOperation(Versions versions, String document, String name, String message) {
        this.versions = versions;
        this.document = document;
        this.name = name;
        this.message = message;
    }

    @Override
    public void execute(IProgressMonitor monitor) throws CoreException {
        try {
            versions.save(document, name, message);
        } catch (IOException e) {
            throw new CoreException(Status.error(NLS.bind(Messages.SaveVersion_failed, e.getMessage()), e));
        }
    }
}
