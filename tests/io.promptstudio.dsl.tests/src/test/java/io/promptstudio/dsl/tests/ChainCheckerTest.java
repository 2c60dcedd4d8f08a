package io.promptstudio.dsl.tests;

import static io.promptstudio.dsl.tests.Checking.assertClean;
import static io.promptstudio.dsl.tests.Checking.assertOnly;
import static io.promptstudio.dsl.tests.Checking.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.core.services.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chains are type-checked edge by edge: a stage's output against the input it is given to, the result against the
 * chain's output, names, fields, cycles, unbounded loops, branch and map shapes, retrieval records; malformed chains are
 * syntax errors at their place, never a crash.
 */
class ChainCheckerTest {

    @TempDir
    Path dir;

    private static final String PROMPTS = """
            class Out {
              label: string
              score: int
            }

            class Passage {
              text: string
              source: string
            }

            prompt A(text: string) -> Out {
              user "{{ text }}"
            }

            prompt B(count: int, note: string = "") -> string {
              user "{{ count }} {{ note }}"
            }

            prompt Many(items: Out[]) -> string {
              user "{% for item in items %}{{ item.label }}{% endfor %}"
            }

            prompt Cite(question: string, passages: Passage[]) -> string {
              user "{% for passage in passages %}{{ passage.text }}{% endfor %} {{ question }}"
            }

            """;

    private List<Diagnostic> chain(String body) throws Exception {
        return check(dir, PROMPTS + body);
    }

    /** The line of the chain's text, counted from the chain's first line (1). */
    private static int line(int chainLine) {
        return (int) PROMPTS.lines().count() + chainLine;
    }

    @Test
    void aWellTypedChainIsClean() throws Exception {
        assertClean(chain("""
                chain Good(text: string, texts: string[]) -> string {
                  stage first = A(text: text)
                  stage counted = B(count: first.score, note: first.label)
                  stage each = map t in texts concurrency 3 -> A(text: t)
                  stage joined = Many(items: each)
                  stage passages = retrieve text top 3 as Passage
                  stage cited = Cite(question: joined, passages: passages)
                  stage better = refine A(text: cited) {
                    critique A(text: better.label)
                    revise A(text: critique.label)
                    until critique.score >= 4
                    max 2
                  }
                  stage chosen = branch {
                    when better.score > 3 -> B(count: better.score)
                    else -> B(count: 0, note: counted)
                  }
                  return chosen
                }
                """));
    }

    @Test
    void aStageOutputThatDoesNotFitTheInputIsAnErrorOnTheEdge() throws Exception {
        var found = chain("""
                chain Bad(text: string) -> string {
                  stage first = A(text: text)
                  stage second = B(count: first.label)
                  return second
                }
                """);
        assertOnly(found, "promptstudio.chain-type", line(3), 27, "'first.label' is string, but B's input 'count' is int");
    }

    @Test
    void unknownNamesFieldsAndInputsAndMissingInputsAreReported() throws Exception {
        var found = chain("""
                chain Bad(text: string) -> string {
                  stage first = A(text: txt)
                  stage second = B(count: first.nope, extra: 1)
                  stage third = B(note: "x")
                  return second
                }
                """);
        assertOnly(found, "promptstudio.unknown-variable", line(2), 25, "Unknown name 'txt': a stage reads the chain's inputs and other stages");
        assertOnly(found, "promptstudio.unknown-member", line(3), 33, "'first' is Out, which has no field 'nope' (fields: label, score)");
        assertTrue(Checking.format(found).contains("'B' has no input 'extra' (inputs: count, note)"), Checking.format(found));
        assertOnly(found, "promptstudio.missing-test-input", line(4), 17, "'B' needs input 'count'");
        assertOnly(found, "promptstudio.chain-unreachable", line(4), 9, "Stage 'third' is unreachable from the result");
    }

    @Test
    void aCycleOutsideALoopAndALoopWithoutABoundAreErrors() throws Exception {
        var found = chain("""
                chain Bad(text: string) -> Out {
                  stage one = A(text: two.label)
                  stage two = A(text: one.label)
                  stage loop = refine A(text: text) {
                    critique A(text: loop.label)
                    revise A(text: critique.label)
                    until critique.score >= 4
                  }
                  return loop
                }
                """);
        List<Diagnostic> cycles = found.stream().filter(d -> d.code().equals("promptstudio.chain-cycle")).toList();
        assertEquals(2, cycles.size(), Checking.format(found));
        assertTrue(cycles.get(0).message().contains("Stage 'one' reads itself through two"), Checking.format(found));
        assertOnly(found, "promptstudio.chain-unbounded-loop", line(4), 23, "Loop 'loop' has no bound: add 'max N'");
    }

    @Test
    void branchesMapsRefinementsAndRetrievalsAreCheckedForTheirShape() throws Exception {
        var found = chain("""
                chain Bad(text: string) -> string {
                  stage pick = branch {
                    when text -> A(text: text)
                    else -> B(count: 1)
                  }
                  stage each = map t in text -> A(text: t)
                  stage docs = retrieve pick top 99 as Out
                  stage fixed = refine A(text: text) {
                    critique A(text: fixed.label)
                    revise B(count: 1)
                    until critique.score
                    max 30
                  }
                  return text
                }
                """);
        String all = Checking.format(found);
        assertTrue(all.contains("A branch's condition is true or false, not string"), all);
        assertTrue(all.contains("The arms of branch 'pick' give different types (Out, string)"), all);
        assertTrue(all.contains("'map' goes over a list, and 'text' is string"), all);
        assertTrue(all.contains("'top' is between 1 and 50"), all);
        assertTrue(all.contains("Out's field 'label' is not something retrieval gives"), all);
        assertTrue(all.contains("The revision gives string where the draft is Out"), all);
        assertTrue(all.contains("'until' is true or false, not int"), all);
        assertTrue(all.contains("'max' is between 1 and 20"), all);
    }

    @Test
    void theResultMustFitTheOutputAndAChainCannotCallItself() throws Exception {
        var found = chain("""
                chain Bad(text: string) -> int {
                  stage first = A(text: text)
                  stage again = Bad(text: text)
                  stage made = Out(text: text)
                  return first
                }

                chain NoResult(text: string) -> string {
                  stage first = A(text: text)
                }
                """);
        String all = Checking.format(found);
        assertTrue(all.contains("The chain returns Out where its output is int"), all);
        assertTrue(all.contains("Chain 'Bad' calls itself"), all);
        assertTrue(all.contains("'Out' is a class; a stage calls a prompt or a chain"), all);
        assertTrue(all.contains("Chain 'NoResult' has no 'return': end it with the value it gives, e.g. 'return first'"), all);
    }

    @Test
    void aChainIsCallableFromAnotherChainWithItsTypes() throws Exception {
        var found = chain("""
                chain Inner(text: string) -> Out {
                  stage first = A(text: text)
                  return first
                }

                chain Outer(text: string) -> string {
                  stage inner = Inner(text: text)
                  stage wrong = B(count: inner)
                  return wrong
                }
                """);
        assertOnly(found, "promptstudio.chain-type", line(8), 26, "'inner' is Out, but B's input 'count' is int");
    }

    @Test
    void aStageAddedByTheGraphEditorIsConnectedToWhatFitsAndWrittenInOnePlace() throws Exception {
        String source = PROMPTS + """
                chain Grow(text: string) -> string {
                  stage first = A(text: text)
                  // the count of the first answer
                  stage counted = B(count: first.score)
                  return counted
                }
                """;
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("grow.pstudio"), source);
        var workspace = io.promptstudio.dsl.LanguageWorkspace.load(List.of(file));
        var chain = workspace.chain("Grow");
        var insertion = io.promptstudio.dsl.chain.ChainEdits.addStage(chain, workspace.prompt("Many"), "Many");
        String edited = source.substring(0, insertion.offset()) + insertion.text() + source.substring(insertion.offset());
        assertTrue(edited.contains("  stage counted = B(count: first.score)\n  stage many = Many(items: connect_out)\n  return counted"), edited);
        var second = io.promptstudio.dsl.chain.ChainEdits.addStage(chain, workspace.prompt("B"), "B");
        String again = source.substring(0, second.offset()) + second.text() + source.substring(second.offset());
        assertTrue(again.contains("  stage b = B(count: 0)\n  return counted"), "no stage or input is an int: a placeholder: " + again);
        var third = io.promptstudio.dsl.chain.ChainEdits.addStage(chain, workspace.prompt("A"), "A");
        String once = source.substring(0, third.offset()) + third.text() + source.substring(third.offset());
        assertTrue(once.contains("  stage a = A(text: counted)\n"), "the latest stage whose output fits: " + once);
        assertTrue(once.contains("  // the count of the first answer\n"), "the rest of the text is as written");
        assertEquals(List.of(), check(dir, "grow.pstudio", once).stream().filter(d -> d.severity() == io.promptstudio.core.services.Severity.ERROR)
                .map(Diagnostic::format).toList());
    }

    @Test
    void malformedChainsAreSyntaxErrorsAtTheirPlaceNeverACrash() throws Exception {
        String[] broken = {
            "chain X(",
            "chain X(a: string) -> string {",
            "chain X(a: string) -> string { stage = A(text: a) return a }",
            "chain X(a: string) -> string { stage s = A(text: ) return s }",
            "chain X(a: string) -> string { stage s = branch { else -> } return s }",
            "chain X(a: string) -> string { stage s = map in a -> A(text: a) return s }",
            "chain X(a: string) -> string { stage s = refine A(text: a) { critique } return s }",
            "chain X(a: string) -> string { stage s = retrieve as return s }",
            "chain X(a: string) -> string { return }",
        };
        for (String source : broken) {
            var found = chain(source);
            assertFalse(found.isEmpty(), source);
            assertTrue(found.stream().anyMatch(d -> d.code().equals("promptstudio.syntax")), source + "\n" + Checking.format(found));
        }
    }
}
