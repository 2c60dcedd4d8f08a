package io.promptstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import io.promptstudio.tests.support.providers.SchemaAnswers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The three shipped example chains (examples/chains.pstudio) run end to end with {@code promptstudio run FILE#CHAIN}:
 * retrieval from a real index of ingested documents, every prompt through the run path to a loopback provider that
 * answers each request with a value of its schema, every stage kept in a real H2 chain store and listed by {@code
 * history --chain} and {@code chain show}; {@code chain graph} draws them.
 */
class ChainCommandsTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("promptstudio.root", "../.."), "examples");

    @TempDir
    Path dir;

    private FakeProviderServer server;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeEach
    void provider() throws Exception {
        server = new FakeProviderServer();
        server.answering("gpt-4o-mini", SchemaAnswers::answer);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine line = PromptStudioCli.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    private Path examples() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("workspace"));
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(each -> each.toString().endsWith(".pstudio")).toList()) {
                String text = Files.readString(file);
                if (file.getFileName().toString().equals("shared.pstudio")) {
                    text = text.replaceAll("(?m)^\\s*endpoint = .*\\n", "").replaceAll("provider = \"[a-z-]+\"",
                            "provider = \"openai-compatible\"\n  endpoint = \"" + server.endpoint() + "\"");
                }
                Files.writeString(copy.resolve(file.getFileName()), text);
            }
        }
        return copy;
    }

    @Test
    void theThreeExampleChainsRunEndToEndAndTheirStagesAreKept() throws Exception {
        Path workspace = examples();
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("refunds.md"), "# Refunds\n\nRefunds are accepted within 30 days of purchase with a receipt.\n");
        assertEquals(0, run("ingest", docs.toString(), "--workspace", workspace.toString()), err.toString());
        String file = workspace.resolve("chains.pstudio").toString();
        String[] stores = {"--history", dir.resolve("history").toString(), "--chains", dir.resolve("chains").toString()};

        assertEquals(0, run(concat(new String[] {"run", file + "#CitedAnswer", "--arg", "question=How long is the refund window?",
                "--workspace", workspace.toString(), "--format", "json"}, stores)), err.toString());
        JsonNode cited = new ObjectMapper().readTree(out.toString());
        assertEquals("succeeded", cited.get("status").asText());
        assertTrue(cited.get("output").has("citations"), cited.toString());
        JsonNode passages = cited.get("stages").get(0);
        assertEquals("passages", passages.get("stage").asText());
        assertTrue(passages.get("output").asText().contains("Refunds are accepted within 30 days"), passages.toString());
        JsonNode answer = cited.get("stages").get(1);
        assertEquals("refine", answer.get("kind").asText());
        // the schema-shaped answers score the critique 1, so 'until' never holds and the loop stops at its bound
        assertEquals("3 revisions, stopped at max 3 ('until' never held)", answer.get("detail").asText());
        assertEquals(8, answer.get("calls").asInt(), "a draft, four critiques and three revisions");

        assertEquals(0, run(concat(new String[] {"run", file + "#TriageAndReply", "--arg", "ticket=I was charged twice"}, stores)),
                err.toString());
        assertTrue(err.toString().contains("arm 1: when routing.route == Route.BILLING → BillingReply"), err.toString());

        assertEquals(0, run(concat(new String[] {"run", file + "#SummarizeLongThread", "--arg", "chunks=[\"a\", \"b\", \"c\"]"}, stores)),
                err.toString());
        assertTrue(err.toString().contains("parts          map      succeeded · 3 items · 3 calls"), err.toString());

        assertEquals(0, run("history", "--chain", "--chains", dir.resolve("chains").toString()));
        assertEquals(3, out.toString().lines().count(), out + "\n" + err);
        String lastRun = out.toString().lines().findFirst().orElseThrow().split("\\s+")[2];
        assertEquals(0, run("chain", "show", lastRun, "--chains", dir.resolve("chains").toString()));
        assertTrue(out.toString().contains("chains.SummarizeLongThread  succeeded"), out.toString());
        assertTrue(out.toString().contains("    in:  {\"items\":3}"), out.toString());

        assertEquals(0, run("chain", "stats", "TriageAndReply", "--chains", dir.resolve("chains").toString()), err.toString());
        assertTrue(out.toString().lines().anyMatch(line -> line.matches("\\(the chain\\)\\s+1\\s+100\\.0%.*")), out.toString());
        assertTrue(out.toString().lines().anyMatch(line -> line.matches("routing\\s+1\\s+100\\.0%.*")), out.toString());
        assertEquals(2, run("chain", "stats", "Nope", "--chains", dir.resolve("chains").toString()));
        assertTrue(err.toString().contains("no finished runs of Nope are kept"), err.toString());

        assertEquals(0, run("chain", "graph", file + "#CitedAnswer", "--format", "mermaid"), err.toString());
        assertTrue(out.toString().contains("s_passages -->|\"Passage[]\"| s_answer"), out.toString());
        Path svg = dir.resolve("cited.svg");
        assertEquals(0, run("chain", "graph", file + "#CitedAnswer", "--format", "svg", "-o", svg.toString()), err.toString());
        assertTrue(Files.readString(svg).startsWith("<svg "), "an SVG file");
    }

    @Test
    void badUsageIsExitTwoAndAStageThatFailsNamesTheResume() throws Exception {
        Path workspace = examples();
        String file = workspace.resolve("chains.pstudio").toString();
        String[] stores = {"--history", dir.resolve("history").toString(), "--chains", dir.resolve("chains").toString()};
        assertEquals(2, run(concat(new String[] {"run", file + "#TriageAndReply"}, stores)));
        assertTrue(err.toString().contains("argument ticket: required input of type string is not given"), err.toString());
        assertEquals(2, run(concat(new String[] {"run", file + "#TriageAndReply", "--resume", "nope"}, stores)));
        assertTrue(err.toString().contains("no chain run nope"), err.toString());
        assertEquals(2, run("chain", "graph", file + "#Nope"));
        assertTrue(err.toString().contains("no chain named 'Nope'"), err.toString());
        assertEquals(2, run("chain", "show", "nope", "--chains", dir.resolve("chains").toString()));
        assertEquals(0, server.received().size(), "nothing ran");

        server.reply(500, "{\"error\": {\"message\": \"overloaded\"}}", java.util.Map.of());
        server.answering("gpt-4o-mini", request -> "not JSON at all");
        assertEquals(1, run(concat(new String[] {"run", file + "#TriageAndReply", "--arg", "ticket=x"}, stores)));
        assertTrue(err.toString().contains("promptstudio run: stage routing failed: RouteTicket:"), err.toString());
        assertTrue(err.toString().contains("--resume"), err.toString());
    }

    private static String[] concat(String[] first, String[] second) {
        return Stream.concat(Stream.of(first), Stream.of(second)).toArray(String[]::new);
    }
}
