package io.promptstudio.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.TestCase;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.PromptRenderer;
import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.dsl.render.TemplateRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed arguments become the exact messages a model receives. */
class PromptRendererTest {

    @TempDir
    Path dir;

    static final String SOURCE = """
            enum Plan { FREE, TEAM @alias("team") }

            class Customer {
              name: string
              plan: Plan
            }

            class Ticket {
              subject: string
              customer: Customer
              tags: string[]
              note: string?
            }

            class Verdict {
              urgent: bool
            }

            prompt Triage(ticket: Ticket, turns: chat, tone: string = "calm", max: int = 3) -> Verdict {
              system \"""
                Triage for {{ ticket.customer.name | upper }} ({{ ticket.customer.plan }}), {{ tone }}, at most {{ max }}.
                {% if ticket.note %}
                Note: {{ ticket.note | trim }}
                {% endif %}
                Tags:
                {% for tag in ticket.tags %}
                - {{ tag }}
                {% endfor %}
                {{ output_format }}
              \"""
              history turns
              user "{{ ticket.subject }} [{{ ticket.tags | join(', ') }}] {{ ticket.tags | length }} {{ ticket.note | default('none') }}"
            }

            test Outage for Triage {
              input {
                ticket = { subject: "Down", customer: { name: "Globex", plan: Plan.TEAM }, tags: ["api", "prod"], note: null }
                turns = [{ role: "user", content: "hi" }, { role: "assistant", content: "hello" }]
              }
            }
            """;

    private LanguageWorkspace load() throws Exception {
        Path file = dir.resolve("render.pstudio");
        Files.writeString(file, SOURCE);
        LanguageWorkspace workspace = LanguageWorkspace.load(List.of(file));
        Checking.assertClean(new io.promptstudio.dsl.check.LanguageChecker().check(workspace));
        return workspace;
    }

    @Test
    void aTestsInputsRenderIntoTheMessagesTheModelReceives() throws Exception {
        LanguageWorkspace workspace = load();
        TestCase test = (TestCase) workspace.model(dir.resolve("render.pstudio")).orElseThrow().getElements().stream()
                .filter(TestCase.class::isInstance).findFirst().orElseThrow();
        RenderedPrompt rendered = workspace.languageInjector().getInstance(PromptRenderer.class).render(test);
        assertEquals("Triage", rendered.prompt());
        assertEquals(List.of("system", "user", "assistant", "user"), rendered.messages().stream().map(RenderedPrompt.Message::role).toList());
        String system = rendered.messages().get(0).content();
        assertTrue(system.startsWith("""
                Triage for GLOBEX (team), calm, at most 3.
                Tags:
                - api
                - prod
                Answer with JSON only, matching this JSON Schema:
                ```json
                {"""), system);
        assertTrue(system.endsWith("}\n```"), system);
        assertEquals("hi", rendered.messages().get(1).content());
        assertEquals("Down [api, prod] 2 none", rendered.messages().get(3).content());
        assertEquals(Map.of("urgent", Map.of("type", "boolean")).toString(),
                new com.fasterxml.jackson.databind.ObjectMapper().convertValue(rendered.outputSchema().get("$defs").get("Verdict").get("properties"),
                        Map.class).toString());
    }

    @Test
    void argumentsAreCheckedAgainstTheTypesBeforeAnythingIsRendered() throws Exception {
        LanguageWorkspace workspace = load();
        PromptRenderer renderer = workspace.languageInjector().getInstance(PromptRenderer.class);
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("ticket", Map.of("subject", 7, "customer", Map.of("name", "A", "plan", "GOLD"), "tags", List.of("x"), "extra", true));
        arguments.put("max", 2.5);
        arguments.put("colour", "red");
        var error = assertThrows(ArgumentException.class, () -> renderer.render(workspace.prompt("Triage"), arguments));
        assertEquals(List.of(
                "colour: Triage has no parameter 'colour' (parameters: ticket, turns, tone, max)",
                "ticket: Ticket has no field 'extra' (fields: subject, customer, tags, note)",
                "ticket.subject: expected string, got 7",
                "ticket.customer.plan: expected one of FREE, team (enum Plan), got \"GOLD\"",
                "turns: required parameter of type chat is not given",
                "max: expected int, got 2.5"), error.problems());
    }

    @Test
    void multiLineTemplatesAreLaidOutLikeTextBlocks() {
        assertEquals("line one\n  indented\nline three", TemplateRenderer.layout("\n    line one\n      indented\n    line three\n  ", true));
        assertEquals("{% if x %}shown\n{% endif %}after", TemplateRenderer.layout("\n  {% if x %}\n  shown\n  {% endif %}\n  after\n", true));
        assertEquals("  kept as written ", TemplateRenderer.layout("  kept as written ", false));
        assertEquals("a, b", TemplateRenderer.render("{{ xs | join(\", \") }}", Map.of("xs", List.of("a", "b"))));
        assertEquals("[1,2] 2 x", TemplateRenderer.render("{{ xs | json }} {{ xs | last }} {{ y | default(\"x\") }}",
                Map.of("xs", List.of(1L, 2L), "y", "")));
        assertEquals("{{ literal }} yes", TemplateRenderer.render("\\{{ literal }} {% if not n %}yes{% endif %}", Map.of("n", List.of())));
    }
}
