package io.promptstudio.ui;

import io.promptstudio.ui.internal.Messages;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.texteditor.StatusLineContributionItem;

/** The status bar's "profile · model" item: what the Playground runs with now. */
public final class ProfileStatus {

    public static final String ID = "io.promptstudio.ui.profileStatus";

    private static StatusLineContributionItem item;
    private static volatile String shown = Messages.ProfileStatus_none;

    private ProfileStatus() {
    }

    public static StatusLineContributionItem create() {
        StatusLineContributionItem created = new StatusLineContributionItem(ID, true, 40);
        created.setText(Messages.ProfileStatus_none);
        created.setToolTipText(Messages.ProfileStatus_tooltip);
        item = created;
        return created;
    }

    /** Shows a profile and its model; null for none chosen. */
    public static void show(String profile, String model) {
        Display.getDefault().asyncExec(() -> {
            shown = profile == null ? Messages.ProfileStatus_none
                    : NLS.bind(Messages.ProfileStatus_profile, profile, model == null ? Messages.ProfileStatus_noModel : model);
            if (item != null) {
                item.setText(shown);
            }
        });
    }

    /** What the item shows: for the UI tests. */
    public static String text() {
        return shown;
    }
}
