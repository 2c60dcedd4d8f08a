package io.promptstudio.ui.runs.internal;

import io.promptstudio.ui.runs.internal.playground.Messages;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.menus.WorkbenchWindowControlContribution;

/** The status bar's "profile · model" item: what the Playground runs with now, from the workbench's {@link ChosenProfile}. */
public final class ProfileStatus extends WorkbenchWindowControlContribution {

    /** The key under which the label carries this item's identity, for the UI tests to find it. */
    public static final String ID = "io.promptstudio.ui.profileStatus";

    private CLabel label;
    private ChosenProfile chosen;
    private final Runnable refresh = this::refresh;

    @Override
    protected Control createControl(Composite parent) {
        chosen = getWorkbenchWindow().getService(ChosenProfile.class);
        // The trim sizes the item once, from its first text: the box is made wide enough for the longest text now.
        Composite box = new Composite(parent, SWT.NONE);
        box.setLayout(new org.eclipse.swt.layout.GridLayout());
        label = new CLabel(box, SWT.SHADOW_NONE);
        org.eclipse.swt.layout.GridData width = new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.CENTER, true, true);
        width.widthHint = 260;
        label.setLayoutData(width);
        label.setData(ID, Boolean.TRUE);
        label.setToolTipText(Messages.ProfileStatus_tooltip);
        label.setText(text(chosen));
        chosen.addListener(refresh);
        label.addDisposeListener(event -> chosen.removeListener(refresh));
        return box;
    }

    private void refresh() {
        if (label == null || label.isDisposed()) {
            return;
        }
        label.getDisplay().asyncExec(() -> {
            if (!label.isDisposed()) {
                label.setText(text(chosen));
                label.getParent().layout(true);
            }
        });
    }

    static String text(ChosenProfile chosen) {
        if (chosen.profile() == null) {
            return Messages.ProfileStatus_none;
        }
        return NLS.bind(Messages.ProfileStatus_profile, chosen.profile(), chosen.model() == null ? Messages.ProfileStatus_noModel
                : chosen.model());
    }
}
