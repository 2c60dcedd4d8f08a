package io.promptstudio.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.promptstudio.core.services.Diagnostic;
import io.promptstudio.dsl.validation.IssueCodes;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/language.md is the language reference: every {@code pstudio} block in it checks clean, every
 * {@code pstudio expect=CODE} block produces that finding, and every issue code is listed there.
 */
class LanguageDocumentationTest {

    static final Path DOC = Path.of(System.getProperty("promptstudio.root", "../.."), "docs", "language.md");

    @TempDir
    Path dir;

    private record Block(int line, String expected, String source) {
    }

    @Test
    void everyExampleChecksAsTheReferenceSays() throws Exception {
        List<Block> reference = blocks(Files.readAllLines(DOC));
        assertTrue(reference.size() >= 20, "the reference has examples: " + reference.size());
        // the evaluation guide's suite is language too, and must check as the guide says (its dataset file beside it)
        List<Block> evaluation = blocks(Files.readAllLines(DOC.resolveSibling("evaluation.md")));
        assertTrue(!evaluation.isEmpty(), "docs/evaluation.md has a suite");
        List<Block> blocks = new java.util.ArrayList<>(reference);
        blocks.addAll(evaluation);
        int index = 0;
        for (Block block : blocks) {
            String doc = index < reference.size() ? "docs/language.md" : "docs/evaluation.md";
            Path folder = Files.createDirectories(dir.resolve("example" + index++));
            Files.writeString(folder.resolve("reviews.jsonl"), "");
            List<Diagnostic> found = Checking.check(folder, block.source());
            if (block.expected() == null) {
                if (!found.isEmpty()) {
                    fail(doc + " line " + block.line() + " should check clean:\n" + Checking.format(found));
                }
            } else if (found.stream().noneMatch(d -> d.code().equals(block.expected()))) {
                fail(doc + " line " + block.line() + " should produce " + block.expected() + ", got:\n" + Checking.format(found));
            }
        }
    }

    @Test
    void everyIssueCodeIsDocumentedWithAnExample() throws Exception {
        String doc = Files.readString(DOC);
        Set<String> undocumented = new TreeSet<>();
        Set<String> withoutExample = new TreeSet<>();
        for (var field : IssueCodes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String code = (String) field.get(null);
                if (!doc.contains("`" + code + "`")) {
                    undocumented.add(code);
                }
                // an example of a control character would have to hold an invisible character in the guide
                if (!doc.contains("expect=" + code + "\n") && !code.equals(IssueCodes.UNKNOWN_SETTING)
                        && !code.equals(IssueCodes.PROFILE_CYCLE) && !code.equals(IssueCodes.IMPORT_CYCLE)
                        && !code.equals(IssueCodes.CONTROL_CHARACTER)) {
                    withoutExample.add(code);
                }
            }
        }
        assertTrue(undocumented.isEmpty(), "codes missing from the table in docs/language.md: " + undocumented);
        assertTrue(withoutExample.isEmpty(), "codes without an example in docs/language.md: " + withoutExample);
    }

    private static List<Block> blocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.equals("```pstudio") || line.startsWith("```pstudio expect=")) {
                String expected = line.startsWith("```pstudio expect=") ? line.substring("```pstudio expect=".length()) : null;
                StringBuilder source = new StringBuilder();
                int start = i + 1;
                for (i = i + 1; i < lines.size() && !lines.get(i).equals("```"); i++) {
                    source.append(lines.get(i)).append('\n');
                }
                blocks.add(new Block(start, expected, source.toString()));
            }
        }
        return blocks;
    }
}
