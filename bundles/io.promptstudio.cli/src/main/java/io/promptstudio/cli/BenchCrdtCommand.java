package io.promptstudio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.crdt.Doc;
import io.promptstudio.crdt.Text;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The crdt-benchmarks workloads (B1.1–B1.4 one client, B2.1, B2.2, B2.4 two clients at once, B3.1 many clients,
 * B4 the real editing trace) replayed through our JNI
 * bindings and, in the same run, by Yjs in Node ({@code tests/yjs-interop/bench.mjs}); prints time, encoded size and
 * load time for both and the ratio. A benchmark: it asserts nothing about time.
 */
@Command(name = "bench-crdt", mixinStandardHelpOptions = true, hidden = true,
        description = "Replay the CRDT benchmark workloads through our yrs bindings and through Yjs, and compare.")
final class BenchCrdtCommand implements Callable<Integer> {

    private static final int N = 6000;

    @Spec
    CommandSpec spec;

    @Option(names = "--trace", description = "The B4 editing trace (default: ${DEFAULT-VALUE}).")
    Path trace = Path.of("../shared/crdt-traces/automerge-paper.json.gz");

    @Option(names = "--yjs", description = "The folder with bench.mjs and Yjs installed (default: ${DEFAULT-VALUE}); none to skip.")
    Path yjs = Path.of("tests/yjs-interop");

    private record Row(String name, double millis, int bytes, double loadMillis) {
    }

    private int seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(trace)) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio bench-crdt: no trace at " + trace + " (give --trace)");
        }
        JsonNode recorded;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(trace))) {
            recorded = new ObjectMapper().readTree(in);
        }
        List<Row> ours = new ArrayList<>();
        ours.add(measure("B1.1 append 6000 chars", (doc, text) -> {
            for (int i = 0; i < N; i++) {
                text.insert(i, "a");
            }
        }, null));
        ours.add(measure("B1.2 insert 6000 chars at once", (doc, text) -> text.insert(0, "a".repeat(N)), null));
        ours.add(measure("B1.3 prepend 6000 chars", (doc, text) -> {
            for (int i = 0; i < N; i++) {
                text.insert(0, "a");
            }
        }, null));
        ours.add(measure("B1.4 insert 6000 chars at random places", (doc, text) -> {
            seed = 42;
            for (int i = 0; i < N; i++) {
                text.insert(nextInt(i + 1), "a");
            }
        }, null));
        ours.add(measureTwo("B2.1 concurrently insert 6000 chars at 0", (a, b) -> {
            a.insert(0, "a".repeat(N));
            b.insert(0, "b".repeat(N));
        }));
        ours.add(measureTwo("B2.2 concurrently insert 6000 chars at random places", (a, b) -> {
            seed = 42;
            for (int i = 0; i < N; i++) {
                a.insert(nextInt(i + 1), "a");
                b.insert(nextInt(i + 1), "b");
            }
        }));
        ours.add(measureTwo("B2.4 concurrently insert and delete at random places", (a, b) -> {
            seed = 42;
            // Each client's length is known without asking (no one else edits it until the sync).
            int[] lengths = new int[2];
            List<Text> texts = List.of(a, b);
            for (int i = 0; i < N; i++) {
                for (int side = 0; side < 2; side++) {
                    Text text = texts.get(side);
                    if (lengths[side] > 0 && nextInt(2) == 0) {
                        text.delete(nextInt(lengths[side]), 1);
                        lengths[side]--;
                    } else {
                        text.insert(nextInt(lengths[side] + 1), "x");
                        lengths[side]++;
                    }
                }
            }
        }));
        ours.add(measureMany("B3.1 77 clients set one map key, merged"));
        ours.add(measure("B4 real editing trace (259,778 edits)", (doc, text) -> {
            for (JsonNode txn : recorded.get("txns")) {
                for (JsonNode patch : txn.get("patches")) {
                    int position = patch.get(0).asInt();
                    int deleted = patch.get(1).asInt();
                    String inserted = patch.get(2).asText();
                    if (deleted > 0) {
                        text.delete(position, deleted);
                    }
                    if (!inserted.isEmpty()) {
                        text.insert(position, inserted);
                    }
                }
            }
        }, recorded.get("endContent").asText()));
        Map<String, Row> reference = yjs(out);
        out.printf(Locale.ROOT, "%-40s %10s %10s %7s %10s %10s %9s %9s%n", "workload", "ours ms", "Yjs ms", "ratio", "ours B",
                "Yjs B", "load ms", "Yjs load");
        for (Row row : ours) {
            Row theirs = reference.get(row.name());
            out.printf(Locale.ROOT, "%-40s %10.1f %10s %7s %10d %10s %9.1f %9s%n", row.name(), row.millis(),
                    theirs == null ? "-" : String.format(Locale.ROOT, "%.1f", theirs.millis()),
                    theirs == null ? "-" : String.format(Locale.ROOT, "%.2fx", row.millis() / theirs.millis()), row.bytes(),
                    theirs == null ? "-" : Integer.toString(theirs.bytes()), row.loadMillis(),
                    theirs == null ? "-" : String.format(Locale.ROOT, "%.1f", theirs.loadMillis()));
        }
        out.println("ratio = our time / Yjs's time in this run (below 1 is faster); one JNI call per edit, one transaction each");
        out.flush();
        return 0;
    }

    /** The same pseudo-random positions as bench.mjs (MINSTD: exact in JavaScript's doubles too). */
    private int nextInt(int bound) {
        seed = (int) ((seed * 48271L) % 2147483647L);
        return seed % bound;
    }

    private Row measure(String name, BiConsumer<Doc, Text> edit, String expected) {
        try (Doc doc = new Doc(1, true)) {
            Text text = doc.text("text");
            long start = System.nanoTime();
            edit.accept(doc, text);
            double millis = (System.nanoTime() - start) / 1e6;
            byte[] update = doc.encodeStateAsUpdate();
            long loadStart = System.nanoTime();
            String loadedText;
            try (Doc loaded = new Doc(2, true)) {
                loaded.applyUpdate(update);
                loadedText = loaded.text("text").toString();
            }
            double loadMillis = (System.nanoTime() - loadStart) / 1e6;
            if (expected != null && !expected.equals(loadedText)) {
                throw new IllegalStateException(name + ": the replayed text is not the trace's end content");
            }
            return new Row(name, millis, update.length, loadMillis);
        }
    }

    /**
     * Two clients edit at once, then exchange what the other lacks (the sync is part of the time); both must end
     * with the same text. Size and load time are of the resulting document.
     */
    private Row measureTwo(String name, BiConsumer<Text, Text> edits) {
        try (Doc a = new Doc(1, true); Doc b = new Doc(2, true)) {
            long start = System.nanoTime();
            edits.accept(a.text("text"), b.text("text"));
            byte[] forB = a.encodeStateAsUpdate(b.stateVector());
            byte[] forA = b.encodeStateAsUpdate(a.stateVector());
            a.applyUpdate(forA);
            b.applyUpdate(forB);
            double millis = (System.nanoTime() - start) / 1e6;
            if (!a.text("text").toString().equals(b.text("text").toString())) {
                throw new IllegalStateException(name + ": the two clients did not converge");
            }
            return loaded(name, millis, a.encodeStateAsUpdate(), a.text("text").toString());
        }
    }

    /** √N clients each set the same map key; every update is applied to one document. */
    private Row measureMany(String name) {
        int clients = (int) Math.sqrt(N);
        try (Doc target = new Doc(1000, true)) {
            long start = System.nanoTime();
            for (int client = 0; client < clients; client++) {
                try (Doc doc = new Doc(client + 1, true)) {
                    target.applyUpdate(doc.map("map").setJson("v", Integer.toString(client)));
                }
            }
            double millis = (System.nanoTime() - start) / 1e6;
            byte[] update = target.encodeStateAsUpdate();
            long loadStart = System.nanoTime();
            try (Doc loaded = new Doc(2000, true)) {
                loaded.applyUpdate(update);
                loaded.map("map").toJson();
            }
            return new Row(name, millis, update.length, (System.nanoTime() - loadStart) / 1e6);
        }
    }

    private static Row loaded(String name, double millis, byte[] update, String expected) {
        long loadStart = System.nanoTime();
        try (Doc loaded = new Doc(3, true)) {
            loaded.applyUpdate(update);
            if (!expected.equals(loaded.text("text").toString())) {
                throw new IllegalStateException(name + ": the loaded document differs");
            }
        }
        return new Row(name, millis, update.length, (System.nanoTime() - loadStart) / 1e6);
    }

    private Map<String, Row> yjs(PrintWriter out) throws IOException, InterruptedException {
        Map<String, Row> rows = new LinkedHashMap<>();
        if (yjs.toString().equals("none") || !Files.isDirectory(yjs.resolve("node_modules/yjs"))) {
            out.println("Yjs not run: no " + yjs.resolve("node_modules/yjs") + " (npm ci in tests/yjs-interop)");
            return rows;
        }
        Process node = new ProcessBuilder("node", "bench.mjs", trace.toAbsolutePath().toString()).directory(yjs.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                JsonNode row = json.readTree(line);
                rows.put(row.get("row").asText(), new Row(row.get("row").asText(), row.get("ms").asDouble(), row.get("bytes").asInt(),
                        row.get("loadMs").asDouble()));
            }
        }
        if (node.waitFor() != 0) {
            out.println("Yjs bench exited with " + node.exitValue());
        }
        return rows;
    }
}
