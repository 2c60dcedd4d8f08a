package io.promptstudio.ui.collab.internal;

import io.promptstudio.collab.Comments;
import io.promptstudio.ui.ViewControls;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

/**
 * The comment threads of the co-edited file in the active editor: the text each is about, the comment and its
 * replies; add a comment on the selection, reply, resolve or reopen. Everyone co-editing sees the same threads.
 */
public final class CommentsView extends ViewPart {

    /** The workbench's collaboration service, from the part's context. */
    private Collaboration collaboration;

    public static final String ID = "io.promptstudio.ui.commentsView";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private TreeViewer tree;
    private Label heading;
    private final Runnable listener = this::refresh;

    @Override
    public void createPartControl(Composite parent) {
        collaboration = getSite().getService(Collaboration.class);
        parent.setLayout(new GridLayout(1, false));
        heading = new Label(parent, SWT.WRAP);
        heading.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        tree = new TreeViewer(parent, SWT.BORDER | SWT.SINGLE);
        tree.getTree().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        tree.getTree().setData("name", "comments");
        tree.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return ((List<?>) input).toArray();
            }

            @Override
            public Object[] getChildren(Object parent) {
                return parent instanceof Comments.Thread thread ? thread.replies().toArray() : new Object[0];
            }

            @Override
            public Object getParent(Object element) {
                return null;
            }

            @Override
            public boolean hasChildren(Object element) {
                return element instanceof Comments.Thread thread && !thread.replies().isEmpty();
            }
        });
        tree.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                if (element instanceof Comments.Thread thread) {
                    return NLS.bind(thread.resolved() ? Messages.Comments_resolvedThread : Messages.Comments_thread,
                            new Object[] {quoted(thread), thread.author(), thread.text(), WHEN.format(thread.at())});
                }
                Comments.Reply reply = (Comments.Reply) element;
                return NLS.bind(Messages.Comments_replyLine, new Object[] {reply.author(), reply.text(), WHEN.format(reply.at())});
            }
        });
        Composite buttons = new Composite(parent, SWT.NONE);
        buttons.setLayout(new GridLayout(3, false));
        ViewControls.button(buttons, Messages.Comments_add, "addComment", this::addOnSelection);
        ViewControls.button(buttons, Messages.Comments_reply, "reply", this::reply);
        ViewControls.button(buttons, Messages.Comments_resolve, "resolve", this::toggleResolved);
        collaboration.addPresenceListener(listener);
        refresh();
    }

    private String quoted(Comments.Thread thread) {
        var session = collaboration.activeSession();
        if (session.isEmpty() || thread.start() < 0 || thread.end() < thread.start()) {
            return Messages.Comments_deletedText;
        }
        String text = session.get().shared().text();
        String quoted = text.substring(Math.min(thread.start(), text.length()), Math.min(thread.end(), text.length()));
        return quoted.length() > 40 ? NLS.bind(Messages.Comments_truncated, quoted.substring(0, 40)) : quoted;
    }

    /** The threads shown now. */
    public List<Comments.Thread> threads() {
        Object input = tree.getInput();
        return input instanceof List<?> list ? list.stream().map(Comments.Thread.class::cast).toList() : List.of();
    }

    void refresh() {
        if (tree == null || tree.getControl().isDisposed()) {
            return;
        }
        var session = collaboration.activeSession();
        if (session.isEmpty()) {
            heading.setText(Messages.Comments_notCoEdited);
            tree.setInput(List.of());
            return;
        }
        List<Comments.Thread> threads = session.get().comments().threads();
        heading.setText(NLS.bind(Messages.Comments_heading, session.get().shared().name(), threads.stream().filter(t -> !t.resolved()).count()));
        tree.setInput(threads);
        tree.expandAll();
    }

    /** Opens a thread on the active editor's selection. */
    public void addOnSelection() {
        var session = collaboration.activeSession();
        if (session.isEmpty()) {
            return;
        }
        int[] range = session.get().selection();
        if (range[1] <= range[0]) {
            MessageDialog.openInformation(getSite().getShell(), Messages.Comments_title, Messages.Comments_selectFirst);
            return;
        }
        InputDialog dialog = new InputDialog(getSite().getShell(), Messages.Comments_title, Messages.Comments_prompt, "", null);
        if (dialog.open() == IDialogConstants.OK_ID && !dialog.getValue().isBlank()) {
            session.get().comments().add(range[0], range[1], dialog.getValue().strip());
        }
    }

    private Comments.Thread selectedThread() {
        Object chosen = ((IStructuredSelection) tree.getSelection()).getFirstElement();
        if (chosen instanceof Comments.Thread thread) {
            return thread;
        }
        if (chosen instanceof Comments.Reply reply) {
            return threads().stream().filter(thread -> thread.replies().contains(reply)).findFirst().orElse(null);
        }
        return null;
    }

    private void reply() {
        Comments.Thread thread = selectedThread();
        var session = collaboration.activeSession();
        if (thread == null || session.isEmpty()) {
            return;
        }
        InputDialog dialog = new InputDialog(getSite().getShell(), Messages.Comments_replyTitle, NLS.bind(Messages.Comments_replyPrompt, thread.author()),
                "", null);
        if (dialog.open() == IDialogConstants.OK_ID && !dialog.getValue().isBlank()) {
            session.get().comments().reply(thread.id(), dialog.getValue().strip());
        }
    }

    private void toggleResolved() {
        Comments.Thread thread = selectedThread();
        var session = collaboration.activeSession();
        if (thread != null && session.isPresent()) {
            session.get().comments().resolve(thread.id(), !thread.resolved());
        }
    }

    @Override
    public void setFocus() {
        tree.getControl().setFocus();
    }

    @Override
    public void dispose() {
        collaboration.removePresenceListener(listener);
        super.dispose();
    }
}
