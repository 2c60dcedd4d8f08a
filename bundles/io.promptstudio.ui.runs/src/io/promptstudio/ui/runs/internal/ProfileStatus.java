package io.promptstudio.ui.runs.internal;

import io.promptstudio.ui.StatusItem;
import io.promptstudio.ui.runs.internal.playground.Messages;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IWorkbenchWindow;

/** The status bar's "profile · model" item: what the Playground runs with now, from the workbench's {@link ChosenProfile}. */
public final class ProfileStatus extends StatusItem {

    /** The key under which the label carries this item's identity, for the UI tests to find it. */
    public static final String ID = "io.promptstudio.ui.profileStatus";

    private ChosenProfile chosen;

    @Override
    protected void connect(IWorkbenchWindow window) {
        chosen = window.getService(ChosenProfile.class);
    }

    @Override
    protected String text() {
        if (chosen.profile() == null) {
            return Messages.ProfileStatus_none;
        }
        return NLS.bind(Messages.ProfileStatus_profile, chosen.profile(), chosen.model() == null ? Messages.ProfileStatus_noModel
                : chosen.model());
    }

    @Override
    protected String tooltip() {
        return Messages.ProfileStatus_tooltip;
    }

    /** "Profile deterministic · gpt-4o-mini" fits. */
    @Override
    protected int width() {
        return 260;
    }

    @Override
    protected void follow(Runnable changed, boolean listen) {
        if (listen) {
            chosen.addListener(changed);
        } else {
            chosen.removeListener(changed);
        }
    }

    @Override
    protected String id() {
        return ID;
    }
}
