package io.promptstudio.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.TestCase;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expectations are decided on the typed output: comparisons, functions, enum values, inputs, and/or/not. */
class ExpectationEvaluatorTest {

    @TempDir
    Path dir;

    @Test
    void eachExpectationHoldsOrIsReportedWithTheValuesItSaw() throws Exception {
        Path file = dir.resolve("e.pstudio");
        Files.writeString(file, """
                enum Level { LOW, HIGH @alias("high") }
                class R {
                  level: Level
                  score: int
                  tags: string[]
                  note: string?
                }
                prompt P(text: string, min: int = 2) -> R {
                  user "{{ text }} {{ min }}"
                }
                test T for P {
                  input {
                    text = "hello world"
                  }
                  expect {
                    output.level == Level.HIGH
                    output.score >= min and output.score < 10
                    contains(output.tags, "urgent") or length(output.tags) == 0
                    matches(text, "^hello") and startsWith(text, "he") and endsWith(text, "ld")
                    not output.note
                    output.score == 3.0
                    output.level != Level.LOW
                    contains(output.tags, "billing")
                    output.score > 5
                  }
                }
                """);
        LanguageWorkspace workspace = LanguageWorkspace.load(List.of(file));
        Checking.assertClean(new io.promptstudio.dsl.check.LanguageChecker().check(workspace));
        TestCase test = (TestCase) workspace.model(file).orElseThrow().getElements().get(3);
        var failures = workspace.languageInjector().getInstance(ExpectationEvaluator.class).failures(test,
                Map.of("level", "high", "score", 3L, "tags", List.of("urgent")), Map.of("text", "hello world", "min", 2L));
        assertEquals(List.of("contains(output.tags, \"billing\") — output.tags was a list of 1", "output.score > 5 — output.score was 3"),
                failures.stream().map(Object::toString).toList());
    }
}
