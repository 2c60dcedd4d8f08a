package io.promptstudio.collab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The file list of a shared project: a shared document of its own ({@code <workspace>/<project>/_project-files}) whose
 * {@code Y.Map "files"} has a key per file path (relative to the project). Adding, removing and renaming files
 * change the map; every member's workbench follows it (creating or deleting its local files). Each file's text is
 * its own {@link SharedDocument}. Call on the document's executor.
 */
public final class SharedProject {

    /** The name of the file-list document inside a project: a name no escaped file path can have. */
    public static final String INDEX = "_project-files";
    static final String MAP = "files";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SharedDocument index;
    private final String user;
    private final Clock clock;

    /** @param index the project's file-list document, opened by the caller ({@code <workspace>/<project>/_project-files}) */
    public SharedProject(SharedDocument index, String user, Clock clock) {
        this.index = index;
        this.user = user;
        this.clock = clock;
    }

    /** The paths of the project's files, sorted. */
    public Set<String> files() {
        try {
            JsonNode map = JSON.readTree(index.doc().map(MAP).toJson());
            Set<String> paths = new TreeSet<>();
            for (Iterator<String> names = map.fieldNames(); names.hasNext();) {
                paths.add(names.next());
            }
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void add(String path) {
        requirePath(path);
        ObjectNode entry = JSON.createObjectNode().put("addedBy", user).put("addedAt", clock.instant().toString());
        index.doc().map(MAP).setJson(path, entry.toString());
    }

    public void remove(String path) {
        index.doc().map(MAP).remove(path);
    }

    /** A rename, as one change: the old path goes and the new one comes. */
    public void rename(String from, String to) {
        requirePath(to);
        ObjectNode entry = JSON.createObjectNode().put("addedBy", user).put("addedAt", clock.instant().toString()).put("renamedFrom", from);
        index.doc().transact("local", txn -> txn.remove(MAP, from).setJson(MAP, to, entry.toString()));
    }

    /**
     * Tells {@code listener} the paths added and removed by each change of the list, local or remote, as
     * (added, removed).
     */
    public void onChange(BiConsumer<Set<String>, Set<String>> listener) {
        index.doc().observeMap(MAP, (keysJson, origin) -> {
            Set<String> added = new TreeSet<>();
            Set<String> removed = new TreeSet<>();
            try {
                for (Iterator<Map.Entry<String, JsonNode>> keys = JSON.readTree(keysJson).fields(); keys.hasNext();) {
                    var key = keys.next();
                    switch (key.getValue().path("action").asText()) {
                        case "add" -> added.add(key.getKey());
                        case "delete" -> removed.add(key.getKey());
                        default -> {
                            // an updated entry is the same file
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            listener.accept(added, removed);
        });
    }

    private static void requirePath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("..") || path.length() > 180) {
            throw new IllegalArgumentException("'" + path + "' is not a path inside the project");
        }
    }
}
