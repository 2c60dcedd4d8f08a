package io.promptstudio.ui;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.menus.WorkbenchWindowControlContribution;

/**
 * A feature's item in the status bar ({@code toolbar:org.eclipse.ui.trim.status}): a label whose text follows one of
 * the workbench's services. The label carries {@link #id()} as data, for the UI tests to find it.
 */
public abstract class StatusItem extends WorkbenchWindowControlContribution {

    private CLabel label;
    private final Runnable refresh = this::refresh;

    /** Takes the window's services, before the first {@link #text()}. */
    protected abstract void connect(IWorkbenchWindow window);

    /** The text now; called on the display thread. */
    protected abstract String text();

    protected abstract String tooltip();

    /** Room for the longest text the item shows, in pixels. */
    protected abstract int width();

    /** Starts ({@code listen}) or stops telling {@code changed} when the text may have changed (from any thread). */
    protected abstract void follow(Runnable changed, boolean listen);

    protected abstract String id();

    @Override
    protected final Control createControl(Composite parent) {
        connect(getWorkbenchWindow());
        // The trim sizes an item once, from its first text: the box is made wide enough for the longest text now.
        Composite box = new Composite(parent, SWT.NONE);
        box.setLayout(new GridLayout());
        label = new CLabel(box, SWT.SHADOW_NONE);
        GridData size = new GridData(SWT.FILL, SWT.CENTER, true, true);
        size.widthHint = width();
        label.setLayoutData(size);
        label.setData(id(), Boolean.TRUE);
        label.setToolTipText(tooltip());
        label.setText(text());
        follow(refresh, true);
        label.addDisposeListener(event -> follow(refresh, false));
        return box;
    }

    private void refresh() {
        if (label == null || label.isDisposed()) {
            return;
        }
        label.getDisplay().asyncExec(() -> {
            if (!label.isDisposed()) {
                label.setText(text());
            }
        });
    }
}
