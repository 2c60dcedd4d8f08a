package io.promptstudio.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.formatting.PromptFormatting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The formatter lays files out one way, changes only whitespace outside strings, and is idempotent on every example. */
class FormatterTest {

    @TempDir
    Path dir;

    private String format(String source) throws Exception {
        Path file = dir.resolve("format.pstudio");
        Files.writeString(file, source);
        LanguageWorkspace workspace = LanguageWorkspace.load(List.of(file));
        return workspace.languageInjector().getInstance(PromptFormatting.class).format(workspace.resources().get(file.toAbsolutePath()));
    }

    @Test
    void aMessyFileGetsTheOneLayout() throws Exception {
        String messy = """
                namespace   demo
                import shared.*   import other.Thing
                /** How urgent. */
                enum Priority{LOW,HIGH @description( "now" )}
                enum Tall {
                  A,
                     B }
                class Ticket{title:string @minLength(3) tags : string [ ] parent:Ticket ?
                  scores: map < string , int >}
                // drafts are cheap
                profile p extends q{temperature=0.2 stop=["a","b"]}
                prompt Classify ( ticket : Ticket , n: int = 3 ) -> Priority | ( "x" | "y" ) [ ] using p {
                system \"""Keep   {{ ticket.title }}   as is.\"""
                    user "{{ n }}"   history turns
                }
                test T for Classify { input { ticket = {title: "abc", tags: [], parent: null, scores: {a: 1}} n = 2 }
                expect { output == Priority.HIGH  not (output != Priority.LOW) and len(output) > 0 } }
                """;
        String expected = """
                namespace demo
                import shared.*
                import other.Thing

                /** How urgent. */
                enum Priority { LOW, HIGH @description("now") }

                enum Tall {
                  A,
                  B
                }

                class Ticket {
                  title: string @minLength(3)
                  tags: string[]
                  parent: Ticket?
                  scores: map<string, int>
                }

                // drafts are cheap
                profile p extends q {
                  temperature = 0.2
                  stop = ["a", "b"]
                }

                prompt Classify(ticket: Ticket, n: int = 3) -> Priority | ("x" | "y")[] using p {
                  system \"""Keep   {{ ticket.title }}   as is.\"""
                  user "{{ n }}"
                  history turns
                }

                test T for Classify {
                  input {
                    ticket = { title: "abc", tags: [], parent: null, scores: { a: 1 } }
                    n = 2
                  }
                  expect {
                    output == Priority.HIGH
                    not (output != Priority.LOW) and len(output) > 0
                  }
                }
                """;
        assertEquals(expected, format(messy));
        assertEquals(expected, format(expected));
    }

    @Test
    void aMessyChainGetsTheOneLayout() throws Exception {
        String messy = """
                prompt A(text: string) -> string { user "{{ text }}" }
                chain C ( text : string , texts : string [ ] ) -> string { stage a = A( text : text )
                stage m = map t in texts concurrency 2 -> A(text:t)   stage r = refine A(text: a) { critique A(text: r) revise A(text: r) until length(r) > 3 max 2 }
                stage b = branch { when a == "x" -> A(text: a) else -> A(text: r) } return b }
                """;
        String expected = """
                prompt A(text: string) -> string {
                  user "{{ text }}"
                }

                chain C(text: string, texts: string[]) -> string {
                  stage a = A(text: text)
                  stage m = map t in texts concurrency 2 -> A(text: t)
                  stage r = refine A(text: a) {
                    critique A(text: r)
                    revise A(text: r)
                    until length(r) > 3
                    max 2
                  }
                  stage b = branch {
                    when a == "x" -> A(text: a)
                    else -> A(text: r)
                  }
                  return b
                }
                """;
        assertEquals(expected, format(messy));
        assertEquals(expected, format(expected));
    }

    @Test
    void everyExampleIsFormattedAndFormattingChangesOnlyWhitespaceOutsideStrings() throws Exception {
        for (Path example : ExamplesTest.exampleFiles()) {
            String original = Files.readString(example, StandardCharsets.UTF_8);
            String once = format(original);
            assertEquals(original, once, "examples are kept formatted: " + example.getFileName());
            assertEquals(once, format(once), "formatting is idempotent: " + example.getFileName());
        }
    }

    /** Found by the fuzz test: Xtext's default comment formatting added '*' prefixes inside block comments. */
    @Test
    void blockCommentsAreKeptExactlyAsWritten() throws Exception {
        String source = "/**namespace reviews\n   import shared.*\n  not a star */\nclass A {\n  /* keep\n     this */\n  x: int\n}\n";
        assertEquals(source, format(source));
    }

    /** Found by the fuzz test: a block comment after a name on the same line moved again on a second pass. */
    @Test
    void aBlockCommentAfterANameSettlesInOnePass() throws Exception {
        String once = format("namespace r/**eviews\nimport x.*\nclass A { x: int }\n/** doc */\nprompt P(t: string) -> string {\n  user \"{{ t }}\"\n}\n");
        assertEquals(once, format(once));
    }

    @Test
    void aFileWithSyntaxErrorsIsRefusedNotMangled() {
        var error = assertThrows(PromptFormatting.NotFormattableException.class, () -> format("class A { x: }\n"));
        assertEquals("it has syntax errors; run promptstudio check to see them", error.getMessage());
    }
}
