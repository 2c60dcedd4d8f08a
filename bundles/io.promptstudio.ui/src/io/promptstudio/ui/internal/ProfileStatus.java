package io.promptstudio.ui.internal;

import org.eclipse.ui.texteditor.StatusLineContributionItem;
import org.eclipse.swt.widgets.Display;

/** The status bar's "profile · model" item: what the Playground runs with now. */
public final class ProfileStatus {

    public static final String ID = "io.promptstudio.ui.profileStatus";

    private static StatusLineContributionItem item;
    private static volatile String shown = "No profile";

    private ProfileStatus() {
    }

    static StatusLineContributionItem create() {
        StatusLineContributionItem created = new StatusLineContributionItem(ID, true, 40);
        created.setText("No profile");
        created.setToolTipText("The profile and model the Playground runs with");
        item = created;
        return created;
    }

    /** Shows a profile and its model; null for none chosen. */
    public static void show(String profile, String model) {
        Display.getDefault().asyncExec(() -> {
            shown = profile == null ? "No profile" : "Profile " + profile + " · " + (model == null ? "no model" : model);
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
