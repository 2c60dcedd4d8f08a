package io.promptstudio.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.promptstudio.core.services.Diagnostic;
import io.promptstudio.dsl.check.LanguageChecker;
import io.promptstudio.dsl.template.TemplateParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Coverage-guided fuzzing of the language: any bytes as a prompt file are parsed, linked and checked into findings
 * inside the file, never a failure of the checker; any text as a template parses into problems inside the text.
 * Without {@code JAZZER_FUZZ} each target runs on its committed inputs ({@code …/LanguageFuzzTestInputs/<target>/}).
 */
class LanguageFuzzTest {

    private static final LanguageChecker CHECKER = new LanguageChecker();
    private static final Path FOLDER;

    static {
        try {
            FOLDER = Files.createTempDirectory("language-fuzz");
            FOLDER.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void promptFiles(byte[] bytes) throws IOException {
        Path file = Files.write(FOLDER.resolve("fuzz.pstudio"), bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        long lines = text.lines().count() + 1;
        List<Diagnostic> found = CHECKER.check(List.of(file));
        for (Diagnostic diagnostic : found) {
            assertTrue(!diagnostic.code().equals(LanguageChecker.INTERNAL_ERROR), "the checker failed: " + diagnostic.format());
            assertTrue(diagnostic.line() >= 1 && diagnostic.line() <= lines, "line inside the file: " + diagnostic.format());
        }
    }

    @FuzzTest(maxDuration = "10s")
    void templates(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        for (var problem : TemplateParser.parse(text).problems()) {
            assertTrue(problem.offset() >= 0 && problem.offset() <= text.length(), "problem inside the text: " + problem);
        }
    }
}
