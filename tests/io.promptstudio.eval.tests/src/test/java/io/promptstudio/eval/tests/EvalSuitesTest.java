package io.promptstudio.eval.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.eval.EvalSuites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Suites found in prompt files and loaded from them, their prompts in other files of the folder. */
class EvalSuitesTest {

    @TempDir
    Path dir;

    @Test
    void aSuiteLoadsWithPromptsItImportsFromAnotherFile() throws Exception {
        Files.writeString(dir.resolve("classify.pstudio"), """
                namespace reviews

                prompt Classify(review: string) -> string {
                  user "{{ review }}"
                }
                """);
        Path suite = Files.writeString(dir.resolve("a-suite.pstudio"), """
                namespace suites
                import reviews.*

                prompt Other(review: string) -> string {
                  user "Other: {{ review }}"
                }

                dataset Rows for Classify {
                  { review: "fine" } -> "ok"
                }

                eval Both {
                  prompts Classify, Other
                  dataset Rows
                  assert {
                    same: output == expected
                  }
                }
                """);
        assertEquals(List.of(new EvalSuites.Found(suite, "Both")), EvalSuites.find(List.of(suite, dir.resolve("classify.pstudio"))));
        var loaded = EvalSuites.load(suite, "Both").orElseThrow();
        assertEquals(List.of("reviews.Classify", "suites.Other"), loaded.suite().variants().stream().map(v -> v.prompt()).toList());
        assertTrue(EvalSuites.load(suite, "Missing").isEmpty());
    }
}
