package io.promptstudio.dsl.ide.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptstudio.dsl.ide.highlighting.PromptStudioHighlighting;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.util.CancelIndicator;
import org.junit.jupiter.api.Test;

/** Every part of a prompt file gets its kind, and positions never overlap. */
class HighlightingTest {

    @Test
    void declarationsReferencesAndTemplatePartsAreTold() throws Exception {
        String text = "enum Mood { HAPPY }\nclass R {\n  mood: Mood @description(\"m\")\n}\n"
                + "profile p {\n  temperature = 0\n}\n"
                + "prompt P(r: R) -> R using p {\n  user \"\"\"Hi {{ r.mood }}{% if r %}!{% endif %}\n  ok\"\"\"\n}\n";
        var resource = IdeFixture.load(text);
        List<String> tokens = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        IdeFixture.IDE.getInstance(ISemanticHighlightingCalculator.class).provideHighlightingFor(resource, (offset, length, ids) -> {
            tokens.add(text.substring(offset, offset + length) + "=" + ids[0]);
            ranges.add(new int[] { offset, offset + length });
        }, CancelIndicator.NullImpl);
        assertEquals(List.of("enum=keyword", "Mood=enum", "HAPPY=enumMember", "class=keyword", "R=class", "mood=property", "Mood=enum",
                "@=decorator", "description=decorator", "\"m\"=string", "profile=keyword", "p=variable", "temperature=property", "0=number",
                "prompt=keyword", "P=function", "r=parameter", "R=class", "R=class", "using=keyword", "p=variable", "user=keyword",
                "\"\"\"Hi =string", "{{ r.mood }}=macro", "{% if r %}=keyword", "!=string", "{% endif %}=keyword", "  ok\"\"\"=string"), tokens);
        ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
        for (int i = 1; i < ranges.size(); i++) {
            assertEquals(true, ranges.get(i)[0] >= ranges.get(i - 1)[1], "positions overlap at " + ranges.get(i)[0]);
        }
        assertEquals(PromptStudioHighlighting.PLACEHOLDER, "macro");
    }
}
