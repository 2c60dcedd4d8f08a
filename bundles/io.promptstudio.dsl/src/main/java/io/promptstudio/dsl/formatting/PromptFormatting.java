package io.promptstudio.dsl.formatting;

import com.google.inject.Inject;
import com.google.inject.Provider;
import java.util.List;
import java.util.Map;
import org.eclipse.xtext.formatting2.FormatterPreferenceKeys;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.preferences.MapBasedPreferenceValues;
import org.eclipse.xtext.resource.XtextResource;

/** Formats whole prompt files: what {@code promptstudio format}, the editor's Format and the language server call. */
public class PromptFormatting {

    /** Two spaces, as the examples and the New Prompt File wizard write. */
    public static final String INDENTATION = "  ";

    @Inject
    private Provider<IFormatter2> formatter;

    @Inject
    private Provider<TextRegionAccessBuilder> regionAccess;

    /** Thrown when a file cannot be formatted because it does not parse: formatting it could lose text. */
    public static final class NotFormattableException extends Exception {
        private static final long serialVersionUID = 1L;

        NotFormattableException(String message) {
            super(message);
        }
    }

    /** The edits that format the file (empty when it is formatted already). */
    public List<ITextReplacement> edits(XtextResource resource) throws NotFormattableException {
        if (!resource.getParseResult().getSyntaxErrors().iterator().hasNext()) {
            ITextRegionAccess regions = regionAccess.get().forNodeModel(resource).create();
            FormatterRequest request = new FormatterRequest().setTextRegionAccess(regions).setAllowIdentityEdits(false)
                    .setPreferences(new MapBasedPreferenceValues(Map.of(FormatterPreferenceKeys.indentation.getId(), INDENTATION,
                            FormatterPreferenceKeys.lineSeparator.getId(), "\n")));
            return formatter.get().format(request);
        }
        throw new NotFormattableException("it has syntax errors; run promptstudio check to see them");
    }

    /**
     * The formatted text of the file. The result is checked to differ from the file only in whitespace (the
     * formatter never touches text inside strings), so that a formatter bug can never cost the user text.
     */
    public String format(XtextResource resource) throws NotFormattableException {
        List<ITextReplacement> edits = edits(resource);
        ITextRegionAccess regions = regionAccess.get().forNodeModel(resource).create();
        String formatted = regions.getRewriter().renderToString(edits);
        String original = resource.getParseResult().getRootNode().getText();
        if (!original.replaceAll("\\s+", "").equals(formatted.replaceAll("\\s+", ""))) {
            throw new NotFormattableException("the formatter would change more than layout (please report this as a bug)");
        }
        return formatted;
    }
}
