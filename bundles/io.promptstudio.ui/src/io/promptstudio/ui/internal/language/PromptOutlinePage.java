package io.promptstudio.ui.internal.language;

import io.promptstudio.dsl.ide.session.LanguageSession;
import io.promptstudio.ui.PromptEditor;
import java.util.List;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;

/** The Outline of a prompt file: its declarations with their parameters, fields and settings; a click reveals one. */
public final class PromptOutlinePage extends ContentOutlinePage {

    private final PromptEditor editor;
    private List<LanguageSession.OutlineNode> input = List.of();

    public PromptOutlinePage(PromptEditor editor) {
        this.editor = editor;
    }

    @Override
    public void createControl(Composite parent) {
        super.createControl(parent);
        TreeViewer viewer = getTreeViewer();
        viewer.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object inputElement) {
                return ((List<?>) inputElement).toArray();
            }

            @Override
            public Object[] getChildren(Object parentElement) {
                return ((LanguageSession.OutlineNode) parentElement).children().toArray();
            }

            @Override
            public Object getParent(Object element) {
                return null;
            }

            @Override
            public boolean hasChildren(Object element) {
                return !((LanguageSession.OutlineNode) element).children().isEmpty();
            }
        });
        viewer.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                LanguageSession.OutlineNode node = (LanguageSession.OutlineNode) element;
                return node.kind().equals("prompt") || node.kind().equals("parameter") || node.kind().equals("field")
                        || node.kind().equals("setting") || node.kind().equals("enumMember") ? node.label() : node.kind() + " " + node.label();
            }
        });
        viewer.setAutoExpandLevel(2);
        viewer.addSelectionChangedListener(event -> {
            Object selected = ((IStructuredSelection) event.getSelection()).getFirstElement();
            if (selected instanceof LanguageSession.OutlineNode node && viewer.getControl().isFocusControl()) {
                editor.reveal(node.nameOffset(), 0);
            }
        });
        viewer.setInput(input);
    }

    public void setInput(List<LanguageSession.OutlineNode> nodes) {
        input = nodes;
        TreeViewer viewer = getTreeViewer();
        if (viewer != null && !viewer.getControl().isDisposed() && !nodes.equals(viewer.getInput())) {
            viewer.setInput(nodes);
        }
    }

    /** The labels shown at the top level: what the UI tests check. */
    List<String> labels() {
        return input.stream().map(LanguageSession.OutlineNode::label).toList();
    }
}
