package io.promptstudio.ui.collab.internal;

import io.promptstudio.collab.CollabClient;
import io.promptstudio.collab.Collaborator;
import io.promptstudio.collab.SharedDocument;
import io.promptstudio.collab.TextBinding;
import io.promptstudio.ui.PromptEditor;
import java.io.IOException;
import java.util.List;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.texteditor.ITextEditorActionConstants;
import org.eclipse.ui.texteditor.ITextEditorActionDefinitionIds;

/**
 * One prompt editor co-edited through the sync server: its document is bound to the file's shared text, its
 * selection is published as presence, the others' cursors are drawn, and Undo/Redo go to the CRDT's undo
 * manager so that they take back only this user's edits.
 */
public final class CoEditingSession {

    private final PromptEditor editor;
    private final SharedDocument shared;
    private final TextBinding binding;
    private final RemoteCursors cursors;
    private final io.promptstudio.collab.Comments comments;
    private final IDocument document;
    private final IDocumentListener typing;
    private final ISelectionChangedListener selection;
    private final IAction previousUndo;
    private final IAction previousRedo;
    private volatile CollabClient.Status status;
    private final Runnable presenceChanged;

    /** @param presenceChanged told when who is here, or the connection, changes */
    CoEditingSession(PromptEditor editor, CollabClient client, String name, Runnable presenceChanged) throws IOException {
        this.editor = editor;
        this.presenceChanged = presenceChanged;
        this.document = editor.viewer().getDocument();
        Display display = editor.viewer().getTextWidget().getDisplay();
        this.shared = client.open(name, display::asyncExec);
        this.binding = new TextBinding(shared, new TextBinding.EditorText() {
            @Override
            public String get() {
                return document.get();
            }

            @Override
            public void replace(int offset, int length, String text) {
                try {
                    document.replace(offset, length, text);
                } catch (BadLocationException e) {
                    throw new IllegalStateException("a shared edit outside the editor's text at " + offset, e);
                }
            }
        });
        this.typing = new IDocumentListener() {
            @Override
            public void documentAboutToBeChanged(DocumentEvent event) {
            }

            @Override
            public void documentChanged(DocumentEvent event) {
                binding.editorChanged(event.getOffset(), event.getLength(), event.getText() == null ? "" : event.getText());
                // Every change, ours or theirs, moves the others' cursors: resolve their relative positions again,
                // once the text widget has taken the change; a repaint asked for before it scrolls its lines left
                // rows of stale pixels on screen.
                display.asyncExec(() -> {
                    if (!editor.viewer().getTextWidget().isDisposed()) {
                        refreshCursors();
                    }
                });
            }
        };
        document.addDocumentListener(typing);
        this.cursors = new RemoteCursors(editor.viewer());
        this.comments = new io.promptstudio.collab.Comments(shared, CollabSettings.user(), java.time.Clock.systemUTC());
        comments.onChange(() -> display.asyncExec(() -> {
            if (!editor.viewer().getTextWidget().isDisposed()) {
                cursors.showComments(comments.threads());
                presenceChanged.run();
            }
        }));
        cursors.showComments(comments.threads());
        shared.addListener(new SharedDocument.Listener() {
            @Override
            public void presenceChanged(List<Collaborator> collaborators) {
                cursors.show(collaborators);
                showStatus();
                presenceChanged.run();
            }

            @Override
            public void syncChanged(boolean synced) {
                showStatus();
                presenceChanged.run();
            }

            @Override
            public void refused(String reason) {
                showStatus();
            }
        });
        this.selection = event -> {
            if (event.getSelection() instanceof ITextSelection text) {
                shared.setSelection(text.getOffset(), text.getOffset() + text.getLength());
            }
        };
        editor.viewer().getSelectionProvider().addSelectionChangedListener(selection);
        previousUndo = editor.getAction(ITextEditorActionConstants.UNDO);
        previousRedo = editor.getAction(ITextEditorActionConstants.REDO);
        editor.setAction(ITextEditorActionConstants.UNDO, crdtAction(Messages.CoEditing_undo, ITextEditorActionDefinitionIds.UNDO, shared::undo));
        editor.setAction(ITextEditorActionConstants.REDO, crdtAction(Messages.CoEditing_redo, ITextEditorActionDefinitionIds.REDO, shared::redo));
        showStatus();
    }

    private void refreshCursors() {
        if (cursors != null) {
            cursors.reposition(shared.collaborators());
            presenceChanged.run();
        }
    }

    private static IAction crdtAction(String label, String definition, java.util.function.BooleanSupplier step) {
        Action action = new Action(label) {
            @Override
            public void run() {
                step.getAsBoolean();
            }
        };
        action.setActionDefinitionId(definition);
        return action;
    }

    public SharedDocument shared() {
        return shared;
    }

    public io.promptstudio.collab.Comments comments() {
        return comments;
    }

    /** The selection of the editor now, as [start, end). */
    public int[] selection() {
        org.eclipse.swt.graphics.Point range = editor.viewer().getSelectedRange();
        return new int[] {range.x, range.x + range.y};
    }

    public List<Collaborator> cursorsShown() {
        return cursors.shown();
    }

    /** The collaborators whose names are up over their carets now (for a moment after each caret moves). */
    public List<String> cursorNamesShown() {
        return cursors.named();
    }

    /** The 1-based line of an offset in the editor's text, or -1 when it is not in it. */
    public int lineOf(int offset) {
        try {
            return offset < 0 ? -1 : document.getLineOfOffset(offset) + 1;
        } catch (BadLocationException e) {
            return -1;
        }
    }

    void statusChanged(CollabClient.Status now) {
        status = now;
        Display display = editor.viewer().getTextWidget().getDisplay();
        display.asyncExec(this::showStatus);
    }

    /** What the status line says: the document, the connection, who else is here. */
    public String statusText() {
        String refusal = shared.refusal();
        if (refusal != null) {
            return NLS.bind(Messages.CoEditing_refused, shared.name(), refusal);
        }
        String connection = status == CollabClient.Status.ONLINE ? (shared.isSynced() ? Messages.CollabStatus_synced : Messages.CollabStatus_syncing)
                : status == null ? Messages.CollabStatus_connecting
                : NLS.bind(Messages.CoEditing_keptLocally, status.name().toLowerCase(java.util.Locale.ROOT));
        int others = cursors.shown().size();
        return NLS.bind(others == 1 ? Messages.CoEditing_oneCollaborator : Messages.CoEditing_collaborators,
                new Object[] {shared.name(), connection, others});
    }

    private void showStatus() {
        if (editor.viewer().getTextWidget() == null || editor.viewer().getTextWidget().isDisposed()) {
            return;
        }
        editor.getEditorSite().getActionBars().getStatusLineManager().setMessage(statusText());
    }

    void close() throws IOException {
        document.removeDocumentListener(typing);
        editor.viewer().getSelectionProvider().removeSelectionChangedListener(selection);
        editor.setAction(ITextEditorActionConstants.UNDO, previousUndo);
        editor.setAction(ITextEditorActionConstants.REDO, previousRedo);
        cursors.dispose();
        binding.close();
        shared.close();
        editor.getEditorSite().getActionBars().getStatusLineManager().setMessage(null);
    }
}
