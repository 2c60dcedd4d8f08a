package io.promptstudio.ui.internal.language;

import io.promptstudio.dsl.ide.quickfix.QuickFixes;
import io.promptstudio.ui.LanguageService;
import java.util.Comparator;
import java.util.List;
import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DocumentRewriteSession;
import org.eclipse.jface.text.DocumentRewriteSessionType;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentExtension4;

/**
 * Applies a fix's edits to a file through its shared text buffer: the open editor's document when there is one
 * (the edit is then one undoable change in the editor), else the file itself, saved.
 */
public final class FixApplier {

    private FixApplier() {
    }

    public static void apply(LanguageService language, IFile file, List<QuickFixes.Edit> edits) throws CoreException, BadLocationException {
        ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
        manager.connect(file.getFullPath(), LocationKind.IFILE, null);
        try {
            ITextFileBuffer buffer = manager.getTextFileBuffer(file.getFullPath(), LocationKind.IFILE);
            boolean wasDirty = buffer.isDirty();
            apply(buffer.getDocument(), edits);
            if (!wasDirty && !language.isBuffer(LanguageService.pathOf(file))) {
                buffer.commit(null, true);
            }
        } finally {
            manager.disconnect(file.getFullPath(), LocationKind.IFILE, null);
        }
    }

    /** The edits, last first so that earlier offsets stay valid, as one rewrite (one undo step). */
    public static void apply(IDocument document, List<QuickFixes.Edit> edits) throws BadLocationException {
        DocumentRewriteSession session = document instanceof IDocumentExtension4 extension
                ? extension.startRewriteSession(DocumentRewriteSessionType.UNRESTRICTED_SMALL) : null;
        try {
            for (QuickFixes.Edit edit : edits.stream().sorted(Comparator.comparingInt(QuickFixes.Edit::offset).reversed()).toList()) {
                document.replace(edit.offset(), edit.length(), edit.text());
            }
        } finally {
            if (session != null) {
                ((IDocumentExtension4) document).stopRewriteSession(session);
            }
        }
    }
}
