package io.promptstudio.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.core.services.Diagnostic;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.check.LanguageChecker;
import io.promptstudio.dsl.formatting.PromptFormatting;
import io.promptstudio.dsl.template.TemplateParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.eclipse.xtext.resource.XtextResource;

/**
 * The parser, linker and checker never fail on any input: random text, and the examples mutated by
 * deleting, duplicating and inserting pieces. Every finding is placed inside the file. jqwik shrinks
 * a failing input to a small one; a found case becomes a regular test.
 */
class CheckerRobustnessTest {

    private static final LanguageChecker CHECKER = new LanguageChecker();
    private static final String ALPHABET = "abcXYZ019_ :.,;=-><|?[](){}@\"'\\/*#%\n\t{{}}{%%}";
    private static final List<String> FRAGMENTS = List.of("{{", "}}", "{%", "%}", "\"\"\"", "\"", "prompt ", "class ", "enum ",
            "profile ", "test ", "for ", "import ", "namespace ", "->", "using ", "extends ", "history ", "input {", "expect {",
            "map<", "?", "[]", "|", "@range(", "{% for x in ", "{% endfor %}", "{% if ", "{% endif %}", "\\{{", "/**", "*/", "\u00e9", "\u0000");

    private static List<String> examples;
    private static Path folder;

    @BeforeContainer
    static void loadExamples() throws IOException {
        examples = ExamplesTest.exampleFiles().stream().map(CheckerRobustnessTest::read).toList();
        folder = Files.createTempDirectory("robustness");
    }

    @AfterContainer
    static void removeFolder() throws IOException {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Property(tries = 300)
    void randomTextNeverBreaksTheChecker(@ForAll("randomText") String text) throws IOException {
        assertWellBehaved(text);
    }

    @Property(tries = 400)
    void mutatedExamplesNeverBreakTheChecker(@ForAll("mutatedExample") String text) throws IOException {
        assertWellBehaved(text);
    }

    /** A file that parses formats without loss, and formatting the result changes nothing more. */
    @Property(tries = 300)
    void formattingAnyParsableFileIsSafeAndIdempotent(@ForAll("mutatedExample") String text) throws Exception {
        Path file = folder.resolve("format.pstudio");
        Files.writeString(file, text);
        LanguageWorkspace workspace = LanguageWorkspace.load(List.of(file));
        XtextResource resource = workspace.resources().get(file.toAbsolutePath().normalize());
        if (resource == null || resource.getParseResult().hasSyntaxErrors()) {
            return;
        }
        PromptFormatting formatting = workspace.languageInjector().getInstance(PromptFormatting.class);
        String once = formatting.format(resource);
        XtextResource again = workspace.replace(file, once.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(once, formatting.format(again), "formatting is idempotent");
    }

    @Property(tries = 1000)
    void theTemplateParserNeverThrows(@ForAll("randomText") String text) {
        var template = TemplateParser.parse(text);
        for (var problem : template.problems()) {
            assertTrue(problem.offset() >= 0 && problem.offset() <= text.length(), "problem inside the text: " + problem);
        }
    }

    @Provide
    Arbitrary<String> randomText() {
        Arbitrary<String> pieces = Arbitraries.oneOf(Arbitraries.strings().withChars(ALPHABET).ofMaxLength(6),
                Arbitraries.of(FRAGMENTS));
        return pieces.list().ofMaxSize(60).map(list -> String.join("", list));
    }

    @Provide
    Arbitrary<String> mutatedExample() {
        Arbitrary<String> example = Arbitraries.of(examples);
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 10_000);
        Arbitrary<Integer> length = Arbitraries.integers().between(0, 40);
        Arbitrary<String> insert = Arbitraries.of(FRAGMENTS);
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 2);
        return Combinators.combine(example, position, length, insert, kind).as((text, at, size, piece, how) -> {
            int start = at % (text.length() + 1);
            int end = Math.min(text.length(), start + size);
            return switch (how) {
                case 0 -> text.substring(0, start) + text.substring(end);
                case 1 -> text.substring(0, end) + text.substring(start, end) + text.substring(end);
                default -> text.substring(0, start) + piece + text.substring(start);
            };
        });
    }

    private static void assertWellBehaved(String text) throws IOException {
        Path file = folder.resolve("fuzz.pstudio");
        Files.writeString(file, text);
        List<Diagnostic> found = CHECKER.check(List.of(file));
        long lines = text.lines().count() + 1;
        for (Diagnostic diagnostic : found) {
            assertTrue(!diagnostic.code().equals(LanguageChecker.INTERNAL_ERROR), "the checker failed: " + diagnostic.format());
            assertTrue(diagnostic.line() >= 1 && diagnostic.line() <= lines, "line inside the file: " + diagnostic.format());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
