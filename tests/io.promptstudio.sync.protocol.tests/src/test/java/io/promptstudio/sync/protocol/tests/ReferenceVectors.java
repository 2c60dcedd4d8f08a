package io.promptstudio.sync.protocol.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The byte vectors that real Yjs 13.6, y-protocols, y-websocket and Hocuspocus printed, read from
 * {@code ../shared/reference/yjs/} beside the checkout (not copied into the project).
 */
final class ReferenceVectors {

    private static final Pattern LABELLED = Pattern.compile("^(.*?)\\s+len=\\s*(\\d+)\\s+([0-9a-f]+)$");
    private static final Pattern FRAME = Pattern.compile("^\\s*(C->S|S->C)\\s+([0-9a-f]+)$");

    private ReferenceVectors() {
    }

    static Path folder() {
        Path root = Path.of(System.getProperty("promptstudio.root", "."));
        Path folder = root.resolve("../shared/reference/yjs").normalize();
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("the Yjs reference vectors are not at " + folder + " (the shared folder beside the checkout)");
        }
        return folder;
    }

    /** {@code label -> bytes} of interop-output.txt, checked against the length it states. */
    static Map<String, byte[]> interop() throws IOException {
        Map<String, byte[]> vectors = new LinkedHashMap<>();
        for (String line : Files.readAllLines(folder().resolve("interop-output.txt"))) {
            Matcher matched = LABELLED.matcher(line);
            if (matched.matches()) {
                byte[] bytes = HexFormat.of().parseHex(matched.group(3));
                if (bytes.length != Integer.parseInt(matched.group(2))) {
                    throw new IllegalStateException("length does not match in: " + line);
                }
                vectors.put(matched.group(1).strip(), bytes);
            }
        }
        return vectors;
    }

    static List<String> lines(String file) throws IOException {
        return Files.readAllLines(folder().resolve(file));
    }

    /** The frames of hocuspocus-output.txt, in order, with their direction. */
    static List<Map.Entry<String, byte[]>> hocuspocusFrames() throws IOException {
        List<Map.Entry<String, byte[]>> frames = new ArrayList<>();
        for (String line : lines("hocuspocus-output.txt")) {
            Matcher matched = FRAME.matcher(line);
            if (matched.matches()) {
                frames.add(Map.entry(matched.group(1), HexFormat.of().parseHex(matched.group(2))));
            }
        }
        return frames;
    }

    /** The hex lines under "first frames received by server" of ywebsocket-output.txt. */
    static List<byte[]> yWebsocketFrames() throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (String line : lines("ywebsocket-output.txt")) {
            if (line.matches("^\\s+[0-9a-f]+$")) {
                frames.add(HexFormat.of().parseHex(line.strip()));
            }
        }
        return frames;
    }
}
