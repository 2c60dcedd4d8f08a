package io.promptstudio.ui.internal.language;

import io.promptstudio.dsl.ide.session.LanguageSession;
import java.util.Map;
import org.eclipse.jface.resource.ColorRegistry;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;

/** The colour and weight of each kind of text the language names (LSP semantic token types). */
final class SemanticColors {

    private record Style(RGB colour, int fontStyle) {
    }

    private static final Map<String, Style> STYLES = Map.ofEntries(
            Map.entry("keyword", new Style(new RGB(127, 0, 85), SWT.BOLD)),
            Map.entry("class", new Style(new RGB(0, 80, 160), SWT.NORMAL)),
            Map.entry("enum", new Style(new RGB(0, 80, 160), SWT.NORMAL)),
            Map.entry("type", new Style(new RGB(0, 80, 160), SWT.NORMAL)),
            Map.entry("enumMember", new Style(new RGB(0, 0, 192), SWT.ITALIC)),
            Map.entry("property", new Style(new RGB(0, 0, 192), SWT.NORMAL)),
            Map.entry("parameter", new Style(new RGB(106, 62, 62), SWT.NORMAL)),
            Map.entry("function", new Style(new RGB(0, 110, 110), SWT.BOLD)),
            Map.entry("variable", new Style(new RGB(106, 62, 62), SWT.NORMAL)),
            Map.entry("decorator", new Style(new RGB(100, 100, 100), SWT.NORMAL)),
            Map.entry("string", new Style(new RGB(42, 0, 255), SWT.NORMAL)),
            Map.entry("number", new Style(new RGB(125, 80, 0), SWT.NORMAL)),
            Map.entry("macro", new Style(new RGB(200, 90, 0), SWT.BOLD)),
            Map.entry(LanguageSession.COMMENT, new Style(new RGB(63, 127, 95), SWT.NORMAL)));

    private SemanticColors() {
    }

    /** The style range for a highlight, or null for a style without colour. */
    static StyleRange range(LanguageSession.Highlight highlight, int offset, int length) {
        Style style = STYLES.get(highlight.style());
        if (style == null) {
            return null;
        }
        ColorRegistry colours = JFaceResources.getColorRegistry();
        String key = "io.promptstudio.ui.semantic." + highlight.style();
        if (!colours.hasValueFor(key)) {
            colours.put(key, style.colour());
        }
        Color colour = colours.get(key);
        StyleRange range = new StyleRange(offset, length, colour, null, style.fontStyle());
        return range;
    }
}
