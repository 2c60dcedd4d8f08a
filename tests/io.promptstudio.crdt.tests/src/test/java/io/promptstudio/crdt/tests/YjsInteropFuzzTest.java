package io.promptstudio.crdt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.crdt.Array;
import io.promptstudio.crdt.Doc;
import io.promptstudio.crdt.Text;
import io.promptstudio.crdt.UndoManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The convergence fuzz against real Yjs: in each session a Java document (our JNI bindings) and a Yjs document in
 * Node make random edits — text inserts (some formatted), deletes, formatting, map sets — and then receive each
 * other's updates shuffled, some twice. Both must end with the same text, delta, map and state vector. The number
 * of sessions is {@code -Dinterop.sessions} (150 in every build).
 */
class YjsInteropFuzzTest {

    private static final String ORIGIN = "me";

    private static final String[] WORDS = {"a", "hi", "ünï", "😀", "prompt ", "{{ x }}", "\n"};

    @Test
    void javaAndYjsPeersConvergeOverManyRandomSessions() throws Exception {
        int sessions = Integer.getInteger("promptstudio.interop.sessions", 150);
        Random random = new Random(20261201);
        int operations = 0;
        List<String> divergences = new ArrayList<>();
        try (YjsPeer yjs = new YjsPeer(2)) {
            for (int session = 0; session < sessions; session++) {
                yjs.call(yjs.command("reset").put("client", 2));
                try (Doc java = new Doc(1, true)) {
                    List<byte[]> fromJava = new ArrayList<>();
                    List<byte[]> fromYjs = new ArrayList<>();
                    // every local change's update, undo steps and nested types included (nothing is applied to
                    // this side until the edits are over)
                    java.onUpdate(fromJava::add);
                    UndoManager undo = java.undoManager(ORIGIN, 0, "t");
                    int edits = 5 + random.nextInt(20);
                    for (int i = 0; i < edits; i++) {
                        editJava(java, undo, random);
                        editYjs(yjs, random, fromYjs);
                        operations += 2;
                        if (random.nextInt(5) == 0 && !fromJava.isEmpty()) {
                            // part of the exchange happens mid-session, so edits also land on merged text
                            byte[] early = fromJava.get(random.nextInt(fromJava.size()));
                            yjs.call(yjs.command("apply").put("update", HexFormat.of().formatHex(early)));
                        }
                    }
                    deliver(fromJava, random, update -> yjs.call(yjs.command("apply").put("update", HexFormat.of().formatHex(update))));
                    deliver(fromYjs, random, java::applyUpdate);
                    // then the sync a provider does on connect (step 1 and 2 both ways), which also carries what each
                    // side changed while applying the other's updates (Yjs removes redundant formatting then)
                    for (int round = 0; round < 2; round++) {
                        JsonNode yjsState = yjs.call(yjs.command("state"));
                        java.applyUpdate(HexFormat.of().parseHex(yjsState.get("full").asText()));
                        yjs.call(yjs.command("apply").put("update", HexFormat.of().formatHex(java.encodeStateAsUpdate())));
                    }
                    JsonNode state = yjs.call(yjs.command("state"));
                    String problem = compare(java, state);
                    if (problem != null) {
                        divergences.add("session " + session + ": " + problem);
                    }
                }
            }
        }
        System.out.println("interop fuzz: " + sessions + " sessions, " + operations + " operations, " + divergences.size() + " divergences");
        assertEquals(List.of(), divergences);
    }

    private static String compare(Doc java, JsonNode yjs) throws Exception {
        if (!java.text("t").toString().equals(yjs.get("text").asText())) {
            return "text " + java.text("t").toString() + " vs " + yjs.get("text").asText();
        }
        if (!normalized(YjsPeer.parse(java.text("t").deltaJson())).equals(normalized(yjs.get("delta")))) {
            return "formatting " + java.text("t").deltaJson() + " vs " + yjs.get("delta");
        }
        if (!YjsPeer.parse(java.map("m").toJson()).equals(yjs.get("map"))) {
            return "map " + java.map("m").toJson() + " vs " + yjs.get("map");
        }
        if (!YjsPeer.parse(java.array("a").toJson()).equals(yjs.get("array"))) {
            return "array " + java.array("a").toJson() + " vs " + yjs.get("array");
        }
        if (!HexFormat.of().formatHex(java.stateVector()).equals(yjs.get("sv").asText())) {
            return "state vector " + HexFormat.of().formatHex(java.stateVector()) + " vs " + yjs.get("sv").asText();
        }
        return null;
    }

    /**
     * The formatted text a delta stands for, with adjacent pieces of equal attributes joined: where a delta splits
     * its pieces depends on where format markers sit, which is not content.
     */
    private static List<java.util.Map.Entry<String, JsonNode>> normalized(JsonNode delta) {
        List<java.util.Map.Entry<String, JsonNode>> pieces = new ArrayList<>();
        for (JsonNode piece : delta) {
            JsonNode attributes = piece.path("attributes");
            String text = piece.get("insert").asText();
            int last = pieces.size() - 1;
            if (last >= 0 && pieces.get(last).getValue().equals(attributes)) {
                pieces.set(last, java.util.Map.entry(pieces.get(last).getKey() + text, attributes));
            } else {
                pieces.add(java.util.Map.entry(text, attributes));
            }
        }
        return pieces;
    }

    private static void editJava(Doc doc, UndoManager undo, Random random) throws Exception {
        Text text = doc.text("t");
        int length = text.toString().length();
        switch (random.nextInt(11)) {
            case 0, 1 -> text.insert(safeIndex(doc, random.nextInt(length + 1)), word(random));
            case 2 -> text.insert(safeIndex(doc, random.nextInt(length + 1)), word(random), "{\"bold\":true}");
            case 3 -> {
                if (length > 1) {
                    int at = safeIndex(doc, random.nextInt(length - 1));
                    int end = safeIndex(doc, Math.min(length, at + 1 + random.nextInt(3)));
                    if (end > at) {
                        text.delete(at, end - at);
                    }
                }
            }
            case 4 -> {
                if (length > 1) {
                    int at = safeIndex(doc, random.nextInt(length - 1));
                    int end = safeIndex(doc, Math.min(length, at + 1 + random.nextInt(4)));
                    if (end > at) {
                        text.format(at, end - at, random.nextBoolean() ? "{\"italic\":true}" : "{\"bold\":null}");
                    }
                }
            }
            case 5 -> doc.map("m").setJson("k" + random.nextInt(3), Integer.toString(random.nextInt(100)));
            case 6 -> {
                Array array = doc.array("a");
                int size = YjsPeer.parse(array.toJson()).size();
                if (size > 0 && random.nextBoolean()) {
                    array.delete(random.nextInt(size), 1);
                } else {
                    array.insertJson(random.nextInt(size + 1), "[" + random.nextInt(100) + "]");
                }
            }
            case 7 -> {
                // a text nested in the map: made once, then edited by both sides
                java.util.Optional<Text> nested = doc.map("m").text("n");
                if (nested.isPresent()) {
                    nested.get().insert(random.nextInt(nested.get().toString().length() + 1), random.nextBoolean() ? "x" : "yz");
                } else {
                    doc.map("m").setText("n").insert(0, "n");
                }
            }
            case 8, 9 -> doc.transact(ORIGIN, txn -> txn.insert("t", safeIndex(doc, random.nextInt(length + 1)), word(random)));
            default -> undo.undo();
        }
    }

    private static void editYjs(YjsPeer yjs, Random random, List<byte[]> sent) throws Exception {
        String text = yjs.call(yjs.command("state")).get("text").asText();
        int length = text.length();
        JsonNode answer = switch (random.nextInt(8)) {
            case 0, 1 -> yjs.call(yjs.command("insert").put("index", safeIndex(text, random.nextInt(length + 1))).put("text", word(random)));
            case 2 -> {
                var command = yjs.command("insert").put("index", safeIndex(text, random.nextInt(length + 1))).put("text", word(random));
                command.putObject("attributes").put("bold", true);
                yield yjs.call(command);
            }
            case 3 -> {
                int at = length > 1 ? safeIndex(text, random.nextInt(length - 1)) : 0;
                int end = length > 1 ? safeIndex(text, Math.min(length, at + 1 + random.nextInt(3))) : 0;
                yield end > at ? yjs.call(yjs.command("delete").put("index", at).put("length", end - at)) : null;
            }
            case 4 -> {
                int at = length > 1 ? safeIndex(text, random.nextInt(length - 1)) : 0;
                int end = length > 1 ? safeIndex(text, Math.min(length, at + 1 + random.nextInt(4))) : 0;
                if (end <= at) {
                    yield null;
                }
                var command = yjs.command("format").put("index", at).put("length", end - at);
                if (random.nextBoolean()) {
                    command.putObject("attributes").put("italic", true);
                } else {
                    command.putObject("attributes").putNull("bold");
                }
                yield yjs.call(command);
            }
            case 5 -> yjs.call(yjs.command("set").put("key", "k" + random.nextInt(3)).put("value", random.nextInt(100)));
            case 6 -> {
                int size = yjs.call(yjs.command("state")).get("array").size();
                if (size > 0 && random.nextBoolean()) {
                    yield yjs.call(yjs.command("remove").put("index", random.nextInt(size)).put("length", 1));
                }
                yield yjs.call(yjs.command("push").put("index", random.nextInt(size + 1)).set("values",
                        YjsPeer.parse("[" + random.nextInt(100) + "]")));
            }
            default -> {
                JsonNode nested = yjs.call(yjs.command("state")).get("map").get("n");
                yield nested == null ? null
                        : yjs.call(yjs.command("nestedInsert").put("key", "n").put("index", random.nextInt(nested.asText().length() + 1))
                                .put("text", "w"));
            }
        };
        byte[] update = answer == null ? null : yjs.update(answer);
        if (update != null) {
            sent.add(update);
        }
    }

    /** An index not inside a surrogate pair: both sides count UTF-16 units, and neither splits a character. */
    private static int safeIndex(Doc doc, int index) {
        return safeIndex(doc.text("t").toString(), index);
    }

    private static int safeIndex(String text, int index) {
        return index > 0 && index < text.length() && Character.isLowSurrogate(text.charAt(index)) ? index - 1 : index;
    }

    private static String word(Random random) {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private interface Delivery {
        void accept(byte[] update) throws Exception;
    }

    private static void deliver(List<byte[]> updates, Random random, Delivery to) throws Exception {
        List<byte[]> shuffled = new ArrayList<>(updates);
        for (byte[] update : updates) {
            if (random.nextInt(4) == 0) {
                shuffled.add(update);
            }
        }
        Collections.shuffle(shuffled, random);
        for (byte[] update : shuffled) {
            to.accept(update);
        }
    }
}
