package io.promptstudio.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.schema.JsonSchemaGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output types become JSON Schema 2020-12 that a standard validator accepts, and that accepts exactly the values the type allows. */
class JsonSchemaGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static final String TRIAGE = """
            namespace demo

            /** How urgent a ticket is. */
            enum Priority { LOW, HIGH @description("needs a human today") @alias("high") }
            enum Label { BUG, DOCS }

            /** The result of triage. */
            class Triage {
              priority: Priority
              /** From 1 (trivial) to 5 (outage). */
              score: int @range(1, 5)
              reasons: string[] @minItems(1) @maxItems(3)
              next: Triage?
              weights: map<Label, float>
              kind: "bug" | "question"
              code: string @pattern("^[A-Z]{3}$") @alias("ticket_code")
              note: string? @maxLength(20)
            }

            prompt TriageIt(t: string) -> Triage {
              user "{{ t }}"
            }
            """;

    private JsonNode schemaOf(String source, String prompt) throws Exception {
        Path file = dir.resolve("schema.pstudio");
        Files.writeString(file, source);
        LanguageWorkspace workspace = LanguageWorkspace.load(List.of(file));
        var result = workspace.languageInjector().getInstance(JsonSchemaGenerator.class).forOutput(workspace.prompt(prompt));
        assertTrue(result.complete(), result.problems().toString());
        return result.schema();
    }

    @Test
    void recordsEnumsAnnotationsAndDocsBecomeDefinitionsAndConstraints() throws Exception {
        JsonNode schema = schemaOf(TRIAGE, "TriageIt");
        assertEquals(JsonSchemaGenerator.DIALECT, schema.get("$schema").asText());
        assertEquals("#/$defs/Triage", schema.get("$ref").asText());
        JsonNode triage = schema.get("$defs").get("Triage");
        assertEquals("The result of triage.", triage.get("description").asText());
        assertEquals("[\"priority\",\"score\",\"reasons\",\"weights\",\"kind\",\"ticket_code\"]", triage.get("required").toString());
        assertEquals(false, triage.get("additionalProperties").asBoolean());
        JsonNode properties = triage.get("properties");
        assertEquals("{\"type\":\"integer\",\"description\":\"From 1 (trivial) to 5 (outage).\",\"minimum\":1,\"maximum\":5}",
                properties.get("score").toString());
        assertEquals("{\"anyOf\":[{\"$ref\":\"#/$defs/Triage\"},{\"type\":\"null\"}]}", properties.get("next").toString());
        assertEquals("{\"enum\":[\"bug\",\"question\"]}", properties.get("kind").toString());
        assertEquals("{\"type\":\"object\",\"propertyNames\":{\"enum\":[\"BUG\",\"DOCS\"]},\"additionalProperties\":{\"type\":\"number\"}}",
                properties.get("weights").toString());
        assertEquals("{\"type\":[\"string\",\"null\"],\"maxLength\":20}", properties.get("note").toString());
        assertEquals("[{\"const\":\"LOW\"},{\"const\":\"high\",\"description\":\"needs a human today\"}]",
                schema.get("$defs").get("Priority").get("oneOf").toString());
    }

    @Test
    void theSchemaAcceptsWhatTheTypeAllowsAndRejectsTheRest() throws Exception {
        var validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaOf(TRIAGE, "TriageIt"));
        String valid = """
                {"priority": "high", "score": 4, "reasons": ["outage"], "weights": {"BUG": 0.9},
                 "kind": "bug", "ticket_code": "OPS", "note": null,
                 "next": {"priority": "LOW", "score": 1, "reasons": ["dup"], "weights": {}, "kind": "question", "ticket_code": "DUP"}}
                """;
        assertEquals(Set.of(), validator.validate(JSON.readTree(valid)));
        for (String invalid : List.of(
                valid.replace("\"high\"", "\"HIGH\""),
                valid.replace("\"score\": 4", "\"score\": 9"),
                valid.replace("\"reasons\": [\"outage\"]", "\"reasons\": []"),
                valid.replace("\"BUG\": 0.9", "\"FEATURE\": 0.9"),
                valid.replace("\"OPS\"", "\"ops\""),
                valid.replace("\"note\": null", "\"note\": \"far more than twenty characters\""),
                valid.replace("\"kind\": \"bug\", ", ""),
                valid.replace("\"kind\": \"bug\"", "\"kind\": \"bug\", \"extra\": 1"))) {
            Set<ValidationMessage> errors = validator.validate(JSON.readTree(invalid));
            assertTrue(!errors.isEmpty(), "accepted: " + invalid);
        }
    }

    @Test
    void typesWithTheSameNameInTwoNamespacesGetDistinctDefinitions() throws Exception {
        Path other = dir.resolve("other.pstudio");
        Files.writeString(other, "namespace other\nclass Triage { x: int }\n");
        Path file = dir.resolve("main.pstudio");
        Files.writeString(file, "namespace demo\nclass Triage { y: string }\nclass Both { a: Triage\n b: other.Triage }\n"
                + "prompt P(t: string) -> Both {\n user \"{{ t }}\"\n}\n");
        LanguageWorkspace workspace = LanguageWorkspace.load(List.of(other, file));
        JsonNode defs = workspace.languageInjector().getInstance(JsonSchemaGenerator.class).forOutput(workspace.prompt("P")).schema()
                .get("$defs");
        assertEquals("[\"Both\",\"Triage\",\"other.Triage\"]", JSON.valueToTree(iterable(defs.fieldNames())).toString());
        assertEquals("#/$defs/other.Triage", defs.get("Both").get("properties").get("b").get("$ref").asText());
    }

    @Test
    void anUnknownPromptNamesTheOnesThatExist() throws Exception {
        Path file = dir.resolve("main.pstudio");
        Files.writeString(file, TRIAGE);
        var error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LanguageWorkspace.load(List.of(file)).prompt("Triage"));
        assertEquals("no prompt named 'Triage'; prompts: demo.TriageIt", error.getMessage());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> all = new java.util.ArrayList<>();
        names.forEachRemaining(all::add);
        return all;
    }
}
