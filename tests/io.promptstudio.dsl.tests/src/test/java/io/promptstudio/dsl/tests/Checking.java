package io.promptstudio.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.promptstudio.core.services.Diagnostic;
import io.promptstudio.dsl.check.LanguageChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes prompt files to a folder and checks them as one workspace. */
final class Checking {

    private static final LanguageChecker CHECKER = new LanguageChecker();

    private Checking() {
    }

    static List<Diagnostic> check(Path folder, String... namesAndSources) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < namesAndSources.length; i += 2) {
            Path file = folder.resolve(namesAndSources[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, namesAndSources[i + 1]);
            files.add(file);
        }
        return CHECKER.check(files);
    }

    static List<Diagnostic> check(Path folder, String source) throws IOException {
        return check(folder, "main.pstudio", source);
    }

    /** Asserts there is exactly one finding with the code, at the line and column, whose message contains the text. */
    static Diagnostic assertOnly(List<Diagnostic> diagnostics, String code, int line, int column, String text) {
        List<Diagnostic> matching = diagnostics.stream().filter(d -> d.code().equals(code)).toList();
        if (matching.size() != 1) {
            fail("expected one " + code + ", got:\n" + format(diagnostics));
        }
        Diagnostic diagnostic = matching.get(0);
        assertEquals(line + ":" + column, diagnostic.line() + ":" + diagnostic.column(), format(diagnostics));
        if (!diagnostic.message().contains(text)) {
            fail("message of " + code + " lacks '" + text + "':\n" + format(diagnostics));
        }
        return diagnostic;
    }

    static void assertClean(List<Diagnostic> diagnostics) {
        if (!diagnostics.isEmpty()) {
            fail("expected no findings, got:\n" + format(diagnostics));
        }
    }

    static String format(List<Diagnostic> diagnostics) {
        return String.join("\n", diagnostics.stream().map(Diagnostic::format).toList());
    }
}
