package io.promptstudio.tests.support.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Text;

/** Finds widgets in a widget tree and operates them the way a user's input would. */
public final class Widgets {

    private Widgets() {
    }

    /** All controls of a type under {@code root} (root included) that match. */
    public static <T extends Control> List<T> findAll(Control root, Class<T> type, Predicate<? super T> match) {
        List<T> found = new ArrayList<>();
        collect(root, type, match, found);
        return found;
    }

    public static <T extends Control> Optional<T> find(Control root, Class<T> type, Predicate<? super T> match) {
        List<T> all = findAll(root, type, match);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** The text field whose widget data under {@code key} equals {@code value}. */
    public static Text textWithData(Control root, String key, Object value) {
        return find(root, Text.class, text -> value.equals(text.getData(key)))
                .orElseThrow(() -> new AssertionError("no text field with data " + key + "=" + value));
    }

    /** The push button whose label, without mnemonics, is {@code label}. */
    public static Button button(Control root, String label) {
        return find(root, Button.class, button -> label.equals(button.getText().replace("&", "")))
                .orElseThrow(() -> new AssertionError("no button labelled '" + label + "'"));
    }

    /** Replaces a field's text as typing would: the field's modify listeners run. */
    public static void type(Text text, String value) {
        text.setFocus();
        text.setText(value);
    }

    /** Clicks a button: it must be enabled, as for a user. */
    public static void click(Button button) {
        if (!button.isEnabled()) {
            throw new AssertionError("button '" + button.getText() + "' is disabled");
        }
        button.notifyListeners(SWT.Selection, new Event());
    }

    private static <T extends Control> void collect(Control control, Class<T> type, Predicate<? super T> match,
            List<T> found) {
        if (type.isInstance(control) && match.test(type.cast(control))) {
            found.add(type.cast(control));
        }
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collect(child, type, match, found);
            }
        }
    }
}
