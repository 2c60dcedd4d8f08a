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
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The crdt-benchmarks workloads (B1.1–B1.11 one client, B2.1–B2.4 two clients at once, B3.1–B3.4 many clients,
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

    @Option(names = "--warmups", description = "Runs of every workload before the measured one, on both sides (default: ${DEFAULT-VALUE}).")
    int warmups = 3;

    @Option(names = "--runs", description = "Measured runs of every workload, on both sides; the median is shown (default: ${DEFAULT-VALUE}).")
    int runs = 3;

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
        for (int round = 0; round < warmups; round++) {
            rows(recorded);
        }
        List<List<Row>> measured = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            measured.add(rows(recorded));
        }
        List<Row> ours = medians(measured);
        Map<String, Row> reference = yjs(out);
        out.printf(Locale.ROOT, "%-52s %10s %10s %7s %10s %10s %9s %9s%n", "workload", "ours ms", "Yjs ms", "ratio", "ours B",
                "Yjs B", "load ms", "Yjs load");
        for (Row row : ours) {
            Row theirs = reference.get(row.name());
            out.printf(Locale.ROOT, "%-52s %10s %10s %7s %10d %10s %9.1f %9s%n", row.name(), millis(row.millis()),
                    theirs == null ? "-" : millis(theirs.millis()),
                    theirs == null ? "-" : String.format(Locale.ROOT, "%.2fx", row.millis() / theirs.millis()), row.bytes(),
                    theirs == null ? "-" : Integer.toString(theirs.bytes()), row.loadMillis(),
                    theirs == null ? "-" : String.format(Locale.ROOT, "%.1f", theirs.loadMillis()));
        }
        out.printf(Locale.ROOT, "median of %d runs after %d warm-up run(s) on each side; ratio = our time / Yjs's time (below 1 is faster); "
                + "one JNI call per edit, one transaction each%n", runs, warmups);
        out.flush();
        return 0;
    }

    /** A time in milliseconds, to the microsecond below 10 ms (the single-edit rows take a tenth of one). */
    private static String millis(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.3f" : "%.1f", value);
    }

    /**
     * The rows of one or two edits take a tenth of a millisecond, where one measurement is mostly timer and
     * scheduling noise: they are measured this many times per run (on both sides), and the median kept.
     */
    private static final int SINGLE_EDIT_REPEATS = 25;

    private static Row repeated(java.util.function.Supplier<Row> row) {
        List<List<Row>> repeats = new ArrayList<>();
        for (int i = 0; i < SINGLE_EDIT_REPEATS; i++) {
            repeats.add(List.of(row.get()));
        }
        return medians(repeats).get(0);
    }

    /** Per workload, the run of median time (its size and load time with it). */
    static List<Row> medians(List<List<Row>> runs) {
        List<Row> medians = new ArrayList<>();
        for (int i = 0; i < runs.get(0).size(); i++) {
            int row = i;
            List<Row> times = runs.stream().map(run -> run.get(row)).sorted(java.util.Comparator.comparingDouble(Row::millis)).toList();
            medians.add(times.get(times.size() / 2));
        }
        return medians;
    }

    /** Every workload once, in order. */
    private List<Row> rows(JsonNode recorded) {
        List<Row> ours = new ArrayList<>();
        ours.add(measure("B1.1 append 6000 chars", (doc, text) -> {
            for (int i = 0; i < N; i++) {
                text.insert(i, "a");
            }
        }, null));
        ours.add(repeated(() -> measure("B1.2 insert 6000 chars at once", (doc, text) -> text.insert(0, "a".repeat(N)), null)));
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
        ours.add(measure("B1.5 insert 6000 words at random places", (doc, text) -> {
            seed = 42;
            int length = 0;
            for (int i = 0; i < N; i++) {
                int position = nextInt(length + 1);
                String word = word();
                text.insert(position, word);
                length += word.length();
            }
        }, null));
        ours.add(repeated(() -> measure("B1.6 insert 6000 chars, then delete them", (doc, text) -> {
            text.insert(0, "a".repeat(N));
            text.delete(0, N);
        }, null)));
        ours.add(measure("B1.7 insert and delete words at random places", (doc, text) -> {
            seed = 42;
            int length = 0;
            for (int i = 0; i < N; i++) {
                if (length > 0 && nextInt(2) == 0) {
                    int position = nextInt(length);
                    int count = Math.min(1 + nextInt(9), length - position);
                    text.delete(position, count);
                    length -= count;
                } else {
                    int position = nextInt(length + 1);
                    String word = word();
                    text.insert(position, word);
                    length += word.length();
                }
            }
        }, null));
        ours.add(measureArray("B1.8 append 6000 numbers", array -> {
            for (int i = 0; i < N; i++) {
                array.insertJson(i, "[" + i + "]");
            }
        }));
        ours.add(repeated(() -> measureArray("B1.9 insert 6000 numbers at once", array -> {
            StringBuilder numbers = new StringBuilder(N * 5).append('[');
            for (int i = 0; i < N; i++) {
                numbers.append(i > 0 ? "," : "").append(i);
            }
            array.insertJson(0, numbers.append(']').toString());
        })));
        ours.add(measureArray("B1.10 prepend 6000 numbers", array -> {
            for (int i = 0; i < N; i++) {
                array.insertJson(0, "[" + i + "]");
            }
        }));
        ours.add(measureArray("B1.11 insert 6000 numbers at random places", array -> {
            seed = 42;
            for (int i = 0; i < N; i++) {
                array.insertJson(nextInt(i + 1), "[" + i + "]");
            }
        }));
        ours.add(repeated(() -> measureTwo("B2.1 concurrently insert 6000 chars at 0", (a, b) -> {
            a.insert(0, "a".repeat(N));
            b.insert(0, "b".repeat(N));
        })));
        ours.add(measureTwo("B2.2 concurrently insert 6000 chars at random places", (a, b) -> {
            seed = 42;
            for (int i = 0; i < N; i++) {
                a.insert(nextInt(i + 1), "a");
                b.insert(nextInt(i + 1), "b");
            }
        }));
        ours.add(measureTwo("B2.3 concurrently insert 6000 words at random places", (a, b) -> {
            seed = 42;
            int[] lengths = new int[2];
            List<Text> texts = List.of(a, b);
            for (int i = 0; i < N; i++) {
                for (int side = 0; side < 2; side++) {
                    int position = nextInt(lengths[side] + 1);
                    String word = word();
                    texts.get(side).insert(position, word);
                    lengths[side] += word.length();
                }
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
        Function<Doc, Object> map = doc -> parsed(doc.map("map").toJson());
        ours.add(measureMany("B3.1 77 clients set a number in one map key", (doc, client) -> doc.map("map").setJson("v", Integer.toString(client)), map));
        ours.add(measureMany("B3.2 77 clients set an object in one map key", (doc, client) ->
                doc.map("map").setJson("v", "{\"client\":" + client + ",\"name\":\"client " + client + "\",\"active\":true}"), map));
        seed = 42;
        ours.add(measureMany("B3.3 77 clients set a string in one map key", (doc, client) ->
                doc.map("map").setJson("v", "\"" + word() + "\""), map));
        seed = 42;
        ours.add(measureMany("B3.4 77 clients insert a word into one array", (doc, client) ->
                doc.array("array").insertJson(0, "[\"" + word() + "\"]"), doc -> parsed(doc.array("array").toJson())));
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
        ours.add(insideNative(recorded, true));
        ours.add(insideNative(recorded, false));
        return ours;
    }

    /**
     * B4's edits replayed inside the native library (no JNI crossing per edit), with and without encoding each
     * edit's update: what our time is made of, beside the row above. No Yjs counterpart.
     */
    private static Row insideNative(JsonNode recorded, boolean encode) {
        List<int[]> edits = new ArrayList<>();
        List<String> inserted = new ArrayList<>();
        for (JsonNode txn : recorded.get("txns")) {
            for (JsonNode patch : txn.get("patches")) {
                edits.add(new int[] {patch.get(0).asInt(), patch.get(1).asInt()});
                inserted.add(patch.get(2).asText());
            }
        }
        int[] positions = edits.stream().mapToInt(edit -> edit[0]).toArray();
        int[] deleted = edits.stream().mapToInt(edit -> edit[1]).toArray();
        try (Doc doc = new Doc(1, true)) {
            double millis = doc.replayInsideNative("text", positions, deleted, inserted.toArray(String[]::new), encode) / 1e6;
            if (!doc.text("text").toString().equals(recorded.get("endContent").asText())) {
                throw new IllegalStateException("the replay inside the native library did not end at the trace's content");
            }
            byte[] update = doc.encodeStateAsUpdate();
            return new Row(encode ? "B4 inside the native library (no JNI), updates encoded" : "B4 inside the native library, no update encoding",
                    millis, update.length, 0);
        }
    }

    /** The same pseudo-random positions as bench.mjs (MINSTD: exact in JavaScript's doubles too). */
    private int nextInt(int bound) {
        seed = (int) ((seed * 48271L) % 2147483647L);
        return seed % bound;
    }

    private Row measure(String name, BiConsumer<Doc, Text> edit, String expected) {
        return measure(name, doc -> edit.accept(doc, doc.text("text")), expected, doc -> doc.text("text").toString());
    }

    private Row measureArray(String name, Consumer<io.promptstudio.crdt.Array> edit) {
        return measure(name, doc -> edit.accept(doc.array("array")), null, doc -> parsed(doc.array("array").toJson()));
    }

    /** One client edits; then the document is encoded and loaded into a new one, whose content must be the same. */
    private Row measure(String name, Consumer<Doc> edit, String expected, Function<Doc, Object> content) {
        try (Doc doc = new Doc(1, true)) {
            long start = System.nanoTime();
            edit.accept(doc);
            double millis = (System.nanoTime() - start) / 1e6;
            byte[] update = doc.encodeStateAsUpdate();
            Object edited = content.apply(doc);
            long loadStart = System.nanoTime();
            Object loadedContent;
            try (Doc loaded = new Doc(2, true)) {
                loaded.applyUpdate(update);
                loadedContent = content.apply(loaded);
            }
            double loadMillis = (System.nanoTime() - loadStart) / 1e6;
            if (!edited.equals(loadedContent)) {
                throw new IllegalStateException(name + ": the loaded document differs from the edited one");
            }
            if (expected != null && !expected.equals(loadedContent)) {
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

    /** √N clients each make one change (their update); every update is applied to one document. */
    private Row measureMany(String name, ClientChange change, Function<Doc, Object> content) {
        int clients = (int) Math.sqrt(N);
        try (Doc target = new Doc(1000, true)) {
            long start = System.nanoTime();
            for (int client = 0; client < clients; client++) {
                try (Doc doc = new Doc(client + 1, true)) {
                    target.applyUpdate(change.make(doc, client));
                }
            }
            double millis = (System.nanoTime() - start) / 1e6;
            byte[] update = target.encodeStateAsUpdate();
            long loadStart = System.nanoTime();
            try (Doc loaded = new Doc(2000, true)) {
                loaded.applyUpdate(update);
                if (!content.apply(loaded).equals(content.apply(target))) {
                    throw new IllegalStateException(name + ": the loaded document differs");
                }
            }
            return new Row(name, millis, update.length, (System.nanoTime() - loadStart) / 1e6);
        }
    }

    private interface ClientChange {
        byte[] make(Doc doc, int client);
    }

    /** JSON as maps, lists and values, so that two documents compare equal whatever order their maps list keys in. */
    private static Object parsed(String json) {
        try {
            return new ObjectMapper().readValue(json, Object.class);
        } catch (IOException e) {
            throw new IllegalStateException("the document gave JSON that does not parse: " + json, e);
        }
    }

    /** A word of 2–10 lowercase letters from the pseudo-random sequence (as bench.mjs draws it). */
    private String word() {
        int length = 2 + nextInt(9);
        StringBuilder word = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            word.append((char) ('a' + nextInt(26)));
        }
        return word.toString();
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
        Process node = new ProcessBuilder("node", "bench.mjs", trace.toAbsolutePath().toString(), Integer.toString(warmups), Integer.toString(runs)).directory(yjs.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            Map<String, List<Row>> runsByName = new LinkedHashMap<>();
            while ((line = lines.readLine()) != null) {
                JsonNode row = json.readTree(line);
                runsByName.computeIfAbsent(row.get("row").asText(), name -> new ArrayList<>()).add(new Row(row.get("row").asText(),
                        row.get("ms").asDouble(), row.get("bytes").asInt(), row.get("loadMs").asDouble()));
            }
            runsByName.forEach((name, runsOfRow) -> rows.put(name, medians(runsOfRow.stream().map(List::of).toList()).get(0)));
        }
        if (node.waitFor() != 0) {
            out.println("Yjs bench exited with " + node.exitValue());
        }
        return rows;
    }
}
