package io.promptstudio.ui.runs.internal.playground;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

/** Finds a control by its widget data {@code "name"}. */
final class Controls {

    private Controls() {
    }

    static Control withName(Control root, String name) {
        if (name.equals(root.getData("name"))) {
            return root;
        }
        if (root instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                Control found = withName(child, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
