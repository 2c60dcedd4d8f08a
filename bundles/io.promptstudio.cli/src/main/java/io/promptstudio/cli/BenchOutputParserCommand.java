package io.promptstudio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.runtime.output.JsonValues;
import io.promptstudio.runtime.output.OutputParseException;
import io.promptstudio.runtime.output.SchemaAlignedParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs the structured-output corpus through the schema-aligned parser and through strict Jackson, and prints the
 * success rate of each (overall and by shape) and the parser's time per answer. A benchmark: it asserts nothing.
 */
@Command(name = "bench-output-parser", mixinStandardHelpOptions = true, hidden = true,
        description = "Measure the schema-aligned output parser against strict JSON parsing on a corpus.")
final class BenchOutputParserCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CORPUS", description = "The folder with corpus.jsonl and schemas.json.")
    Path corpus;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode schemas = JSON.readTree(corpus.resolve("schemas.json").toFile());
        List<JsonNode> cases = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.resolve("corpus.jsonl"))) {
            if (!line.isBlank()) {
                cases.add(JSON.readTree(line));
            }
        }
        int withValue = 0;
        int lenientRight = 0;
        int strictRight = 0;
        int withError = 0;
        int lenientRejected = 0;
        Map<String, int[]> byShape = new TreeMap<>();
        for (JsonNode c : cases) {
            JsonNode schema = schemas.get(c.get("schema").asText());
            String answer = c.get("answer").asText();
            int[] shape = byShape.computeIfAbsent(c.get("shape").asText(), key -> new int[3]);
            shape[0]++;
            JsonNode expected = c.get("expected");
            if (expected == null) {
                withError++;
                try {
                    SchemaAlignedParser.parse(answer, schema);
                } catch (OutputParseException e) {
                    if (e.problems().stream().anyMatch(problem -> problem.startsWith(c.get("error").asText()))) {
                        lenientRejected++;
                        shape[1]++;
                    }
                }
                if (strict(answer) == null) {
                    shape[2]++;
                }
                continue;
            }
            withValue++;
            try {
                if (JsonValues.same(SchemaAlignedParser.parse(answer, schema).value(), expected)) {
                    lenientRight++;
                    shape[1]++;
                }
            } catch (OutputParseException e) {
                // counted as a miss
            }
            JsonNode strict = strict(answer);
            if (strict != null && JsonValues.same(strict, expected)) {
                strictRight++;
                shape[2]++;
            }
        }
        out.printf("corpus: %d answers (%d with a value to recover, %d that must be rejected), %d shapes%n", cases.size(), withValue, withError,
                byShape.size());
        out.printf("recovered the expected value: schema-aligned parser %d/%d (%.1f %%), strict Jackson %d/%d (%.1f %%)%n", lenientRight,
                withValue, 100.0 * lenientRight / withValue, strictRight, withValue, 100.0 * strictRight / withValue);
        out.printf("rejected with the expected error: schema-aligned parser %d/%d%n", lenientRejected, withError);
        out.println("by shape (cases, parser right, strict Jackson right or rejecting):");
        byShape.forEach((name, counts) -> out.printf("  %-24s %3d %3d %3d%n", name, counts[0], counts[1], counts[2]));
        double[] micros = new double[cases.size()];
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < cases.size(); i++) {
                JsonNode c = cases.get(i);
                long start = System.nanoTime();
                try {
                    SchemaAlignedParser.parse(c.get("answer").asText(), schemas.get(c.get("schema").asText()));
                } catch (OutputParseException e) {
                    // timing only
                }
                micros[i] = (System.nanoTime() - start) / 1e3;
            }
        }
        Arrays.sort(micros);
        out.printf("time per answer (after 19 warm-up rounds): median %.0f µs, p99 %.0f µs%n", micros[micros.length / 2],
                micros[(int) Math.ceil(micros.length * 0.99) - 1]);
        out.flush();
        return 0;
    }

    private static JsonNode strict(String answer) {
        try {
            return JSON.readTree(answer);
        } catch (IOException e) {
            return null;
        }
    }
}
