package io.promptstudio.ui.runs.internal.playground;

/** Arguments kept as JSON (the history's) back as the renderer's plain values. */
public final class Arguments {

    private Arguments() {
    }

    public static Object parse(String json) {
        return ParameterForm.parseJson(json, Messages.Form_arguments);
    }
}
