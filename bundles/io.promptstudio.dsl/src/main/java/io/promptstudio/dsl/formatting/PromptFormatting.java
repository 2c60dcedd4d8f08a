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

    @Inject
    private Provider<org.eclipse.xtext.resource.XtextResourceSet> resourceSets;

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
        if (resource.getContents().isEmpty()) {
            // An empty file (or one of comments alone) has no model to lay out: it stays as it is.
            return resource.getParseResult() == null || resource.getParseResult().getRootNode() == null ? ""
                    : resource.getParseResult().getRootNode().getText();
        }
        String original = resource.getParseResult().getRootNode().getText();
        String formatted = formatOnce(resource);
        // Xtext places the line breaks around a block comment by where the comment stood before, so a comment
        // moved by the first pass can move once more: format the result again until it no longer changes.
        for (int pass = 1; pass < MAX_PASSES && !formatted.equals(original); pass++) {
            XtextResource again = parse(formatted, resource);
            if (again.getParseResult().hasSyntaxErrors()) {
                break;
            }
            String next = formatOnce(again);
            if (next.equals(formatted)) {
                break;
            }
            formatted = next;
        }
        if (!original.replaceAll("\\s+", "").equals(formatted.replaceAll("\\s+", ""))) {
            throw new NotFormattableException("the formatter would change more than layout (please report this as a bug)");
        }
        return formatted;
    }

    private static final int MAX_PASSES = 4;

    private String formatOnce(XtextResource resource) throws NotFormattableException {
        List<ITextReplacement> edits = edits(resource);
        return regionAccess.get().forNodeModel(resource).create().getRewriter().renderToString(edits);
    }

    /** The text parsed alone, in a resource set of its own, as a file of the same name. */
    private XtextResource parse(String text, XtextResource like) throws NotFormattableException {
        XtextResource resource = (XtextResource) resourceSets.get().createResource(like.getURI());
        try {
            resource.load(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
        } catch (java.io.IOException e) {
            throw new NotFormattableException("cannot read the formatted text again: " + e.getMessage());
        }
        return resource;
    }
}
