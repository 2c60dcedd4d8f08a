package io.promptstudio.ui.collab.internal;

import io.promptstudio.collab.Versions;
import io.promptstudio.ui.WorkbenchOperation;
import java.io.IOException;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;

/** "Restore": the sync server makes a version's text the document's text again, as a new edit for everyone. */
final class RestoreVersionOperation implements WorkbenchOperation {

    private final Versions versions;
    private final String document;
    private final long version;

    RestoreVersionOperation(Versions versions, String document, long version) {
        this.versions = versions;
        this.document = document;
        this.version = version;
    }

    @Override
    public void execute(IProgressMonitor monitor) throws CoreException {
        try {
            versions.restore(document, version);
        } catch (IOException e) {
            throw new CoreException(Status.error(NLS.bind(Messages.RestoreVersion_failed, e.getMessage()), e));
        }
    }
}
