package io.promptstudio.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.runtime.output.JsonValues;
import io.promptstudio.runtime.output.OutputParseException;
import io.promptstudio.runtime.output.SchemaAlignedParser;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Every corpus case parses to its expected value or fails with its expected error; no text makes the parser throw otherwise. */
class SchemaAlignedParserTest {

    private static final JsonNode SCHEMAS = OutputCorpus.schemas();

    @Test
    void everyCorpusCaseGivesItsExpectedValueOrError() {
        List<String> failures = new ArrayList<>();
        List<OutputCorpus.Case> cases = OutputCorpus.cases();
        assertTrue(cases.size() >= 200, "the corpus has " + cases.size() + " cases");
        for (OutputCorpus.Case c : cases) {
            JsonNode schema = SCHEMAS.get(c.schema());
            try {
                var result = SchemaAlignedParser.parse(c.answer(), schema);
                if (c.error() != null) {
                    failures.add(c.id() + ": expected the error '" + c.error() + "', parsed " + result.value());
                } else if (!JsonValues.same(c.expected(), result.value())) {
                    failures.add(c.id() + ": expected " + c.expected() + ", parsed " + result.value() + " with " + result.repairs());
                } else if (!c.shape().equals("clean") && !c.shape().equals("pretty") && result.repairs().isEmpty()) {
                    failures.add(c.id() + ": a " + c.shape() + " answer was taken without naming a repair");
                }
            } catch (OutputParseException e) {
                if (c.error() == null || !e.problems().stream().anyMatch(problem -> problem.startsWith(c.error()))) {
                    failures.add(c.id() + ": " + (c.error() == null ? "expected " + c.expected() : "expected the error '" + c.error() + "'")
                            + ", failed with " + e.problems());
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void cleanJsonNeedsNoRepairAndKeepsItsValues() throws Exception {
        var result = SchemaAlignedParser.parse("{\"sentiment\": \"POSITIVE\", \"confidence\": 1, \"evidence\": []}", SCHEMAS.get("ClassifySentiment"));
        assertEquals(List.of(), result.repairs());
        assertEquals("{\"sentiment\":\"POSITIVE\",\"confidence\":1,\"evidence\":[]}", result.value().toString());
    }

    @Test
    void repairsNameWhatWasChanged() throws Exception {
        var result = SchemaAlignedParser.parse("Result:\n```json\n{sentiment: 'positive', \"Confidence\": \"0.7\", evidence: \"nice\",}\n```",
                SCHEMAS.get("ClassifySentiment"));
        assertEquals("{\"sentiment\":\"POSITIVE\",\"confidence\":0.7,\"evidence\":[\"nice\"]}", result.value().toString());
        assertEquals(List.of("took the JSON from a ``` block", "read unquoted key 'sentiment'", "read a single-quoted string",
                "read unquoted key 'evidence'", "removed a trailing comma", "$.sentiment: read 'positive' as 'POSITIVE'",
                "$: read field 'Confidence' as 'confidence'", "$.confidence: read text '0.7' as the number 0.7",
                "$.evidence: read a single value as a list of one"), result.repairs());
    }

    @Test
    void aMissingRequiredFieldIsNeverInvented() {
        var error = assertThrows(OutputParseException.class,
                () -> SchemaAlignedParser.parse("{\"sentiment\": \"POSITIVE\", \"evidence\": []}", SCHEMAS.get("ClassifySentiment")));
        assertEquals(List.of("$.confidence: required field is missing"), error.problems());
    }

    @Property(tries = 500)
    void anyTextEitherParsesOrFailsWithProblems(@ForAll String text) {
        for (String schema : List.of("ClassifySentiment", "ExtractInvoice", "PlanSteps", "TriageTicket")) {
            try {
                SchemaAlignedParser.parse(text, SCHEMAS.get(schema));
            } catch (OutputParseException e) {
                assertTrue(!e.problems().isEmpty());
            }
        }
    }

    @Property(tries = 300)
    void cutAnswersEitherParseOrFailWithProblems(@ForAll("cuts") String text) {
        try {
            SchemaAlignedParser.parse(text, SCHEMAS.get("ExtractInvoice"));
        } catch (OutputParseException e) {
            assertTrue(!e.problems().isEmpty());
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> cuts() {
        List<String> answers = OutputCorpus.cases().stream().filter(c -> c.schema().equals("ExtractInvoice")).map(OutputCorpus.Case::answer).toList();
        return net.jqwik.api.Combinators.combine(net.jqwik.api.Arbitraries.of(answers), net.jqwik.api.Arbitraries.integers().between(0, 2000))
                .as((answer, at) -> answer.substring(0, Math.min(answer.length(), at)));
    }
}
