package io.promptstudio.dsl.ide.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.dsl.formatting.PromptFormatting;
import io.promptstudio.dsl.ide.quickfix.QuickFixes;
import io.promptstudio.dsl.ide.session.LanguageSession;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.validation.IssueCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the workbench editor asks of the language, on real files: the session keeps the editor's text, not the disk's. */
class LanguageSessionTest {

    static final String TYPES = """
            namespace support

            enum Priority { LOW, HIGH }

            class Ticket {
              subject: string
              priority: Priority
            }

            profile fast {
              provider = "openai"
              model = "gpt-4o-mini"
              temperature = 0.2
            }
            """;

    static final String PROMPT = """
            namespace support
            import support.*

            /** Triage a ticket. */
            prompt Triage(ticket: Ticket, tone: string = "calm", limit: int) -> Priority using fast {
              user \"""
                {{ ticket.subject }} in a {{ tone }} tone, at most {{ limit }} words
              \"""
            }
            """;

    @TempDir
    Path folder;

    private LanguageSession session(Path... extra) throws Exception {
        Files.writeString(folder.resolve("types.pstudio"), TYPES);
        Files.writeString(folder.resolve("triage.pstudio"), PROMPT);
        return LanguageSession.open(List.of(folder.resolve("types.pstudio"), folder.resolve("triage.pstudio")));
    }

    @Test
    void aPlaceholderTypedInTheBufferIsAFindingAtItsPlaceAndTheQuickFixDeclaresIt() throws Exception {
        LanguageSession session = session();
        Path triage = folder.resolve("triage.pstudio");
        assertEquals(List.of(), session.findings(triage));
        String edited = PROMPT.replace("{{ tone }}", "{{ tone }} for {{ audience }}");
        session.update(triage, edited);
        List<LanguageSession.Finding> findings = session.findings(triage);
        assertEquals(1, findings.size(), findings.toString());
        LanguageSession.Finding finding = findings.get(0);
        assertEquals(IssueCodes.UNKNOWN_VARIABLE, finding.code());
        assertEquals("audience", edited.substring(finding.offset(), finding.offset() + finding.length()));
        assertEquals("error", finding.severity());
        assertEquals(Files.readString(triage), PROMPT, "the session never writes the file");

        List<QuickFixes.Fix> fixes = session.fixes(triage, finding);
        QuickFixes.Fix declare = fixes.stream().filter(fix -> fix.title().contains("Declare")).findFirst().orElseThrow();
        StringBuilder fixed = new StringBuilder(edited);
        declare.edits().stream().sorted((a, b) -> b.offset() - a.offset())
                .forEach(edit -> fixed.replace(edit.offset(), edit.offset() + edit.length(), edit.text()));
        session.update(triage, fixed.toString());
        assertEquals(List.of(), session.findings(triage), fixed.toString());
    }

    @Test
    void aFileCheckedBeforeTheFileItImportsArrivedLinksOnceItHas() throws Exception {
        Files.writeString(folder.resolve("types.pstudio"), TYPES);
        Files.writeString(folder.resolve("triage.pstudio"), PROMPT);
        Path triage = folder.resolve("triage.pstudio");
        LanguageSession session = LanguageSession.open(List.of(triage));
        assertTrue(session.findings(triage).stream().anyMatch(f -> f.message().contains("Couldn't resolve")), "alone, its types are unknown");
        session.reload(folder.resolve("types.pstudio"));
        assertEquals(List.of(), session.findings(triage), "the names link once the file that declares them is in");
        session.remove(folder.resolve("types.pstudio"));
        assertFalse(session.findings(triage).isEmpty(), "and are unknown again when it goes");
    }

    @Test
    void completionInsideAPlaceholderProposesTheParametersWithTheRangeToReplace() throws Exception {
        LanguageSession session = session();
        Path triage = folder.resolve("triage.pstudio");
        String edited = PROMPT.replace("{{ tone }} tone", "{{ to }} tone");
        session.update(triage, edited);
        int caret = edited.indexOf("{{ to }}") + 5;
        List<LanguageSession.Completion> completions = session.complete(triage, caret);
        LanguageSession.Completion tone = completions.stream().filter(c -> c.label().equals("tone")).findFirst().orElseThrow();
        assertEquals("to", edited.substring(tone.replaceOffset(), tone.replaceOffset() + tone.replaceLength()));
        assertEquals("tone", tone.text());
        assertFalse(completions.stream().anyMatch(c -> c.label().equals("ticket")), "'ticket' does not start with 'to'");
    }

    @Test
    void highlightingHoverAndDefinitionFollowTheNames() throws Exception {
        LanguageSession session = session();
        Path triage = folder.resolve("triage.pstudio");
        List<LanguageSession.Highlight> highlights = session.highlights(triage);
        int placeholder = PROMPT.indexOf("{{ tone }}");
        assertTrue(highlights.stream().anyMatch(h -> h.style().equals("keyword") && PROMPT.startsWith("prompt", h.offset())), highlights.toString());
        assertTrue(highlights.stream().anyMatch(h -> h.offset() <= placeholder && placeholder < h.offset() + h.length() && h.style().equals("macro")),
                highlights.toString());

        assertTrue(highlights.stream().anyMatch(h -> h.style().equals(LanguageSession.COMMENT) && PROMPT.startsWith("/** Triage", h.offset())),
                "the doc comment is coloured as a comment");

        int ticketType = PROMPT.indexOf("Ticket,") + 2;
        assertTrue(session.hover(triage, ticketType).orElseThrow().contains("class Ticket"));
        LanguageSession.Location declared = session.definition(triage, ticketType).orElseThrow();
        assertEquals(folder.resolve("types.pstudio").toAbsolutePath().normalize(), declared.file());
        assertEquals("Ticket", TYPES.substring(declared.offset(), declared.offset() + declared.length()));
        assertTrue(session.definition(triage, PROMPT.indexOf("/**")).isEmpty(), "a comment names nothing");
    }

    @Test
    void outlineAndFoldsCoverTheDeclarations() throws Exception {
        LanguageSession session = session();
        List<LanguageSession.OutlineNode> outline = session.outline(folder.resolve("types.pstudio"));
        assertEquals(List.of("enum", "class", "profile"), outline.stream().map(LanguageSession.OutlineNode::kind).toList());
        assertEquals(List.of("subject: string", "priority: Priority"),
                outline.get(1).children().stream().map(LanguageSession.OutlineNode::label).toList());
        List<LanguageSession.Fold> folds = session.folds(folder.resolve("types.pstudio"));
        assertEquals(2, folds.size(), "the one-line enum does not fold: " + folds);
        assertTrue(TYPES.substring(folds.get(0).offset()).startsWith("class Ticket"));
    }

    @Test
    void promptsCarryTheSchemaOfEachParameterForTheForm() throws Exception {
        LanguageSession session = session();
        LanguageSession.PromptInfo triage = session.prompts().stream().filter(p -> p.name().equals("support.Triage")).findFirst().orElseThrow();
        assertEquals("fast", triage.profile());
        assertEquals("Triage a ticket.", triage.documentation());
        assertEquals(List.of("ticket", "tone", "limit"), triage.parameters().stream().map(LanguageSession.ParameterInfo::name).toList());
        assertTrue(triage.parameters().get(1).hasDefault());
        assertEquals("integer", triage.parameters().get(2).schema().path("type").asText());
        assertTrue(triage.parameters().get(0).schema().toString().contains("\"enum\":[\"LOW\",\"HIGH\"]"), triage.parameters().get(0).schema().toString());
        assertEquals(List.of("fast"), session.profiles());
        assertEquals("gpt-4o-mini", session.profileSettings("fast").orElseThrow().get("model"));

        assertFalse(session.argumentProblems("support.Triage", "limit", "many").isEmpty());
        assertEquals(List.of(), session.argumentProblems("support.Triage", "limit", 3L));
        var rendered = session.render("support.Triage", Map.of("ticket", Map.of("subject", "Login fails", "priority", "HIGH"), "limit", 3L));
        assertTrue(rendered.messages().get(0).content().contains("Login fails in a calm tone, at most 3 words"), rendered.messages().toString());
        assertThrows(ArgumentException.class, () -> session.render("support.Triage", Map.of("limit", 3L)));
    }

    @Test
    void theYamlFormGetsItsProblemsAtTheirLineAndColumnAndOtherYamlNone() {
        String yaml = "promptstudio: 1\ndeclarations:\n- prompt: Classify\n  parameters:\n  - ticket: Ticket\n  returns: string\n  mesages: []\n";
        List<LanguageSession.Finding> findings = LanguageSession.yamlFindings(yaml, "ticket.yaml");
        assertFalse(findings.isEmpty());
        LanguageSession.Finding first = findings.get(0);
        assertTrue(first.message().contains("mesages"), first.message());
        assertEquals(7, first.line());
        assertTrue(yaml.startsWith("mesages", first.offset()), "offset " + first.offset());
        assertEquals(List.of(), LanguageSession.yamlFindings("on: push\njobs: {}\n", "ci.yaml"), "not a prompt file");
        assertEquals(List.of(), LanguageSession.yamlFindings("promptstudio: 1\ndeclarations:\n- enum: Tone\n  values: [CALM]\n", "tone.yaml"));
    }

    @Test
    void formattingRefusesATextThatDoesNotParseAndTheSessionKeepsBothTexts() throws Exception {
        LanguageSession session = session();
        Path triage = folder.resolve("triage.pstudio");
        session.update(triage, PROMPT.replace("prompt Triage(", "prompt   Triage("));
        assertEquals(PROMPT, session.format(triage));
        session.update(triage, PROMPT.replace("-> Priority", "->"));
        assertThrows(PromptFormatting.NotFormattableException.class, () -> session.format(triage));
        assertTrue(session.findings(triage).stream().anyMatch(f -> f.code().equals("promptstudio.syntax")));
        session.reload(triage);
        assertEquals(PROMPT, session.text(triage).orElseThrow());
    }
}
