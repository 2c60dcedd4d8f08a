package io.promptstudio.dsl.ide.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.dsl.ide.quickfix.QuickFixes;
import io.promptstudio.dsl.ide.session.LanguageSession;
import io.promptstudio.dsl.validation.IssueCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The editor's services on chains: outline, hover on stages and the names stages read, completion, and quick fixes. */
class ChainEditingTest {

    static final String CHAIN = """
            class Routing {
              urgent: bool
              summary: string
            }

            prompt Route(ticket: string) -> Routing {
              user "Route: {{ ticket }} {{ output_format }}"
            }

            prompt Reply(summary: string, urgent: bool) -> string {
              user "{{ summary }} {{ urgent }}"
            }

            /** Routes, then replies. */
            chain Support(ticket: string) -> string {
              stage routing = Route(ticket: ticket)
              stage reply = Reply(summary: routing.summary, urgent: routing.urgent)
              return reply
            }
            """;

    @TempDir
    Path folder;

    private Path file;

    private LanguageSession session() throws Exception {
        file = Files.writeString(folder.resolve("support.pstudio"), CHAIN);
        return LanguageSession.open(List.of(file));
    }

    private static String applied(String text, QuickFixes.Fix fix) {
        StringBuilder fixed = new StringBuilder(text);
        fix.edits().stream().sorted((a, b) -> b.offset() - a.offset())
                .forEach(edit -> fixed.replace(edit.offset(), edit.offset() + edit.length(), edit.text()));
        return fixed.toString();
    }

    @Test
    void theOutlineListsTheChainWithItsStagesAndHoverTellsTypes() throws Exception {
        LanguageSession session = session();
        assertEquals(List.of(), session.findings(file));
        LanguageSession.OutlineNode chain = session.outline(file).stream().filter(node -> node.kind().equals("chain")).findFirst().orElseThrow();
        assertEquals("Support(ticket: string) -> string", chain.label());
        assertEquals(List.of("routing: call Route → Routing", "reply: call Reply → string"),
                chain.children().stream().map(LanguageSession.OutlineNode::label).toList());

        String stageHover = session.hover(file, CHAIN.indexOf("routing =") + 2).orElseThrow();
        assertTrue(stageHover.contains("(stage) routing: call Route → Routing"), stageHover);
        String pathHover = session.hover(file, CHAIN.indexOf("routing.summary") + 2).orElseThrow();
        assertTrue(pathHover.contains("routing.summary: string  (output of stage routing)"), pathHover);
        String chainHover = session.hover(file, CHAIN.indexOf("Support(") + 2).orElseThrow();
        assertTrue(chainHover.contains("chain Support(ticket: string) -> string") && chainHover.contains("Routes, then replies."), chainHover);
    }

    @Test
    void completionOffersFieldsInputsAndTheNamesInScope() throws Exception {
        LanguageSession session = session();
        String fields = CHAIN.replace("summary: routing.summary,", "summary: routing.su,");
        session.update(file, fields);
        List<String> offered = session.complete(file, fields.indexOf("routing.su,") + "routing.su".length()).stream()
                .map(LanguageSession.Completion::label).toList();
        assertTrue(offered.contains("summary"), offered.toString());
        assertFalse(offered.contains("urgent"), "'urgent' does not start with 'su': " + offered);

        String inputs = CHAIN.replace("Reply(summary: routing.summary, urgent: routing.urgent)", "Reply(summary: routing.summary, )");
        session.update(file, inputs);
        List<String> named = session.complete(file, inputs.indexOf("routing.summary, )") + "routing.summary, ".length()).stream()
                .map(LanguageSession.Completion::label).toList();
        assertTrue(named.contains("urgent: "), "the input the call lacks: " + named);
        assertFalse(named.contains("summary: "), "an input already given is not offered again: " + named);

        String names = CHAIN.replace("return reply", "return r");
        session.update(file, names);
        List<String> scope = session.complete(file, names.indexOf("return r") + "return r".length()).stream()
                .map(LanguageSession.Completion::label).toList();
        assertTrue(scope.contains("reply") && scope.contains("routing"), scope.toString());
        assertFalse(scope.contains("ticket"), "'ticket' does not start with 'r': " + scope);
    }

    @Test
    void quickFixesBoundALoopAddMissingInputsAndCorrectANameTypo() throws Exception {
        LanguageSession session = session();
        String loop = CHAIN.replace("  return reply\n", """
                  stage better = refine Reply(summary: reply, urgent: false) {
                    critique Route(ticket: better)
                    revise Reply(summary: better, urgent: critique.urgent)
                    until critique.urgent
                  }
                  return better
                """);
        session.update(file, loop);
        LanguageSession.Finding unbounded = session.findings(file).stream().filter(f -> f.code().equals(IssueCodes.CHAIN_UNBOUNDED_LOOP))
                .findFirst().orElseThrow();
        QuickFixes.Fix bound = session.fixes(file, unbounded).get(0);
        assertEquals("Add 'max 3'", bound.title());
        String bounded = applied(loop, bound);
        session.update(file, bounded);
        assertEquals(List.of(), session.findings(file), bounded);
        assertTrue(bounded.contains("    until critique.urgent\n    max 3\n  }"), bounded);

        String missing = CHAIN.replace("Reply(summary: routing.summary, urgent: routing.urgent)", "Reply(summary: routing.summary)");
        session.update(file, missing);
        LanguageSession.Finding lacking = session.findings(file).stream().filter(f -> f.code().equals(IssueCodes.MISSING_TEST_INPUT))
                .findFirst().orElseThrow();
        QuickFixes.Fix add = session.fixes(file, lacking).get(0);
        assertEquals("Add input 'urgent'", add.title());
        assertTrue(applied(missing, add).contains("Reply(summary: routing.summary, urgent: false)"), applied(missing, add));

        String typo = CHAIN.replace("return reply", "return replly");
        session.update(file, typo);
        LanguageSession.Finding unknown = session.findings(file).stream().filter(f -> f.code().equals(IssueCodes.UNKNOWN_VARIABLE))
                .findFirst().orElseThrow();
        assertEquals("Change to 'reply'", session.fixes(file, unknown).get(0).title());
    }
}
