package io.promptstudio.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.yaml.YamlException;
import io.promptstudio.dsl.yaml.YamlExport;
import io.promptstudio.dsl.yaml.YamlImport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompt files go to YAML and back without losing a character; bad YAML is reported with line and column. */
class YamlFormTest {

    @TempDir
    Path dir;

    private String export(String source) throws Exception {
        Path file = dir.resolve("export.pstudio");
        Files.writeString(file, source);
        LanguageWorkspace workspace = LanguageWorkspace.load(List.of(file));
        return YamlExport.export(workspace.resources().get(file.toAbsolutePath()), "export.pstudio");
    }

    private static String importYaml(String yaml) throws YamlException {
        return YamlImport.toSource(yaml, "in.yaml", LanguageWorkspace.injector());
    }

    @Test
    void everyExampleSurvivesTheRoundTripExactly() throws Exception {
        for (Path example : ExamplesTest.exampleFiles()) {
            String original = Files.readString(example);
            String yaml = export(original);
            assertEquals(original, importYaml(yaml), "round trip of " + example.getFileName() + " through:\n" + yaml);
        }
    }

    @Test
    void theYamlFormReadsAsStructureWithTheLanguageTextKept() throws Exception {
        String yaml = export("""
                // file header
                namespace demo
                import shared.*

                /** How urgent. */
                enum Priority { LOW, HIGH @description("now") }

                class Ticket {
                  /** What the customer wrote. */
                  title: string @minLength(3)
                  parent: Ticket?
                }

                profile fast {
                  provider = "openai"
                  temperature = 0.70
                  stop = ["\\n\\n"]
                }

                prompt Classify(ticket: Ticket, n: int = 3) -> Priority using fast {
                  system \"""
                    Classify {{ ticket.title }}.
                  \"""
                  user "Now: {{ n }}"
                }

                test T for Classify {
                  input {
                    ticket = { title: "abc", parent: null }
                  }
                  expect {
                    output == Priority.HIGH
                  }
                }
                """);
        assertEquals("""
                promptstudio: 1
                comments:
                - // file header
                namespace: demo
                imports:
                - shared.*
                declarations:
                - enum: Priority
                  comments:
                  - /** How urgent. */
                  values:
                  - LOW
                  - HIGH @description("now")
                - class: Ticket
                  fields:
                  - title: string @minLength(3)
                    comments:
                    - /** What the customer wrote. */
                  - parent: Ticket?
                - profile: fast
                  settings:
                    provider: openai
                    temperature: 0.70
                    stop:
                    - "\\n\\n"
                - prompt: Classify
                  parameters:
                  - ticket: Ticket
                  - n: int = 3
                  returns: Priority
                  using: fast
                  messages:
                  - system: |
                      Classify {{ ticket.title }}.
                  - user: 'Now: {{ n }}'
                    inline: true
                - test: T
                  for: Classify
                  input:
                  - ticket: '{ title: "abc", parent: null }'
                  expect:
                  - output == Priority.HIGH
                """, yaml);
    }

    @Test
    void aCommentInsideADeclarationIsRefusedRatherThanDropped() {
        var error = assertThrows(YamlException.class, () -> export("prompt P(t: string) -> string {\n  // why\n  user \"{{ t }}\"\n}\n"));
        assertEquals("export.pstudio:2: this comment is inside a declaration, where the YAML form cannot keep it; "
                + "move it before the declaration or the field", error.getMessage());
    }

    @Test
    void badYamlIsReportedWithLineAndColumn() {
        assertProblem("promptstudio: 1\ndeclarations:\n  - class: A\n    fields: [\n", "in.yaml:5:1: not valid YAML:");
        assertProblem("", "in.yaml:1:1: the file is empty; a YAML prompt file starts with 'promptstudio: 1'");
        assertProblem("declarations: []\n", "in.yaml:1:1: missing 'promptstudio: 1'");
        assertProblem("promptstudio: 7\n", "in.yaml:1:15: this is version 7 of the YAML form; this PromptStudio reads version 1");
        assertProblem("promptstudio: 1\nnamespace: a\nnamespace: b\n", "in.yaml:3:1: duplicate key 'namespace' in the file");
        assertProblem("promptstudio: 1\ndeclarations:\n- class: A\n  feilds: []\n",
                "in.yaml:4:3: unknown key 'feilds' in a class declaration (known: class, comments, fields)");
        assertProblem("promptstudio: 1\ndeclarations:\n- widget: A\n", "in.yaml:3:3: a declaration needs one of the keys");
        assertProblem("promptstudio: 1\ndeclarations:\n- prompt: P\n  parameters:\n  - t: string\n  messages: []\n", "in.yaml:3:3: missing 'returns'");
        assertProblem("promptstudio: 1\ndeclarations:\n- class: A\n  fields:\n  - x: 'map<string'\n",
                "in.yaml:5:8: 'map<string' is not valid here:");
        assertProblem("promptstudio: 1\ndeclarations: {a: 1}\n", "in.yaml:2:15: 'declarations' must be a list");
        assertProblem("a: &x [1]\nb: *x\n", "in.yaml:");
        assertProblem("promptstudio: 1\ndeclarations:\n- chain: C\n  returns: string\n  stages:\n  - a: 'A(text: t)'\n    b: 'A(text: a)'\n",
                "in.yaml:6:5: a stage is one 'name: step' pair (and optional comments)");
        assertProblem("promptstudio: 1\ndeclarations:\n- chain: C\n  returns: string\n  stages:\n  - a: 'map in'\n  return: a\n",
                "in.yaml:6:8: 'map in' is not valid here:");
        assertProblem("promptstudio: 1\ndeclarations:\n- chain: C\n  returns: string\n  stagez: []\n",
                "in.yaml:5:3: unknown key 'stagez' in a chain declaration");
    }

    private static void assertProblem(String yaml, String expected) {
        var error = assertThrows(YamlException.class, () -> importYaml(yaml));
        assertTrue(error.getMessage().startsWith(expected) || error.getMessage().contains("\n" + expected),
                "expected '" + expected + "' in:\n" + error.getMessage());
    }
}
