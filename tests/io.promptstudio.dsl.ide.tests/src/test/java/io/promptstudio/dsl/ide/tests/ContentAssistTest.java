package io.promptstudio.dsl.ide.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.contentassist.ContentAssistService;
import org.eclipse.xtext.util.CancelIndicator;
import org.junit.jupiter.api.Test;

/** Completion proposes what can be written at the caret: template names inside templates, language names outside. */
class ContentAssistTest {

    static final String TYPES = """
            class Customer {
              name: string
              plan: string
            }

            class Ticket {
              subject: string
              customer: Customer
              tags: string[]
            }
            """;

    /** The labels proposed where {@code ‸} stands in the text. */
    private static List<String> proposals(String withCaret) throws Exception {
        int caret = withCaret.indexOf('‸');
        String text = withCaret.substring(0, caret) + withCaret.substring(caret + 1);
        var resource = IdeFixture.load(text);
        Document document = new Document(1, text);
        Position position = document.getPosition(caret);
        var list = IdeFixture.IDE.getInstance(ContentAssistService.class).createCompletionList(document, resource,
                new CompletionParams(new TextDocumentIdentifier("memory:/file0.pstudio"), position), CancelIndicator.NullImpl);
        return list.getItems().stream().map(CompletionItem::getLabel).toList();
    }

    @Test
    void insideAPlaceholderTheParametersAndOutputFormatAreProposed() throws Exception {
        var labels = proposals(TYPES + "prompt P(ticket: Ticket, tone: string) -> string {\n  user \"{{ t‸ }}\"\n}\n");
        assertEquals(List.of("ticket", "tone"), labels);
        assertEquals(List.of("output_format", "ticket", "tone"), proposals(TYPES + "prompt P(ticket: Ticket, tone: string) -> string {\n  user \"{{ ‸ }}\"\n}\n"));
    }

    @Test
    void afterADotTheFieldsOfTheRecordAreProposed() throws Exception {
        assertEquals(List.of("customer", "subject", "tags"),
                proposals(TYPES + "prompt P(ticket: Ticket) -> string {\n  user \"{{ ticket.‸ }}\"\n}\n"));
        assertEquals(List.of("name", "plan"),
                proposals(TYPES + "prompt P(ticket: Ticket) -> string {\n  user \"\"\"{{ ticket.customer.‸ }}\"\"\"\n}\n"));
    }

    @Test
    void insideAForLoopItsVariableIsProposedWithTheElementType() throws Exception {
        var labels = proposals(TYPES + "prompt P(tickets: Ticket[]) -> string {\n  user \"\"\"{% for t in tickets %}{{ t.cu‸ }}{% endfor %}\"\"\"\n}\n");
        assertEquals(List.of("customer"), labels);
    }

    @Test
    void afterAPipeTheFiltersAreProposed() throws Exception {
        assertEquals(List.of("join", "json"), proposals(TYPES + "prompt P(ticket: Ticket) -> string {\n  user \"{{ ticket.tags | j‸ }}\"\n}\n"));
    }

    @Test
    void outsideTemplatesKeywordsAndTypesAreProposed() throws Exception {
        assertTrue(proposals(TYPES + "pro‸").contains("prompt"), "keywords");
        var types = proposals(TYPES + "prompt P(t: Ti‸");
        assertTrue(types.contains("Ticket"), "declared types: " + types);
        assertTrue(!proposals(TYPES + "prompt P(ticket: Ticket) -> string {\n  user \"plain text ‸ here\"\n}\n").contains("ticket"),
                "plain template text proposes no names");
    }
}
