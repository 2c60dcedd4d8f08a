package io.promptstudio.collab.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.promptstudio.collab.CollabClient;
import io.promptstudio.collab.Collaborator;
import io.promptstudio.sync.Profile;
import io.promptstudio.sync.ServerConfig;
import io.promptstudio.sync.http.SyncServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two workbench sides (and a Yjs client in Node) co-editing one prompt through the real sync server. */
class CoEditingTest {

    private static final String SECRET = "collab-test-secret-of-32-bytes-at-least";
    private static final String DOCUMENT = "team/review.pstudio";

    @TempDir
    Path temp;

    private SyncServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = startServer(0);
    }

    private int startServer(int onPort) throws Exception {
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", onPort, temp.resolve("server"), SECRET, List.of(),
                Duration.ofSeconds(1)));
        Files.createDirectories(temp.resolve("server"));
        return server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    static String token(String user) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(user)
                    .claim("tenant", "acme").claim("role", "editor").expirationTime(Date.from(Instant.now().plusSeconds(3600))).build());
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Peer peer(String user) throws Exception {
        return new Peer(port, () -> token(user), temp.resolve("state-" + user), user, DOCUMENT);
    }

    private static void eventually(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not within 20 s: " + what);
    }

    @Test
    void concurrentTypingConvergesInBothEditors() throws Exception {
        try (Peer ann = peer("ann"); Peer bob = peer("bob")) {
            eventually("both synced", () -> ann.document.isSynced() && bob.document.isSynced());
            ann.type(0, 0, "prompt review {\n}\n");
            eventually("bob sees ann's prompt", () -> bob.editorText().equals("prompt review {\n}\n"));
            for (int i = 0; i < 20; i++) {
                ann.type(16, 0, "a");
                bob.type(bob.editorText().length(), 0, "b");
            }
            eventually("the editors converge", () -> ann.editorText().equals(bob.editorText()) && ann.document.isSynced() && bob.document.isSynced());
            String text = ann.editorText();
            assertEquals(20, text.chars().filter(c -> c == 'a').count() - "prompt review".chars().filter(c -> c == 'a').count());
            assertEquals(20, text.chars().filter(c -> c == 'b').count());
            assertEquals(text, ann.document.text(), "the editor holds exactly the shared text");
        }
    }

    @Test
    void undoUndoesOnlyTheLocalEdits() throws Exception {
        try (Peer ann = peer("ann"); Peer bob = peer("bob")) {
            eventually("both synced", () -> ann.document.isSynced() && bob.document.isSynced());
            ann.type(0, 0, "mine ");
            eventually("bob sees it", () -> bob.editorText().equals("mine "));
            bob.type(5, 0, "theirs");
            eventually("ann sees bob's edit", () -> ann.editorText().equals("mine theirs"));
            assertTrue(ann.onDisplay(ann.document::undo));
            assertEquals("theirs", ann.editorText(), "ann's undo takes back her words, not bob's");
            eventually("bob gets the undo", () -> bob.editorText().equals("theirs"));
        }
    }

    @Test
    void aCollaboratorsCursorIsSeenWhereTheyAre() throws Exception {
        try (Peer ann = peer("ann"); Peer bob = peer("bob")) {
            eventually("both synced", () -> ann.document.isSynced() && bob.document.isSynced());
            ann.type(0, 0, "0123456789");
            eventually("bob has the text", () -> bob.editorText().equals("0123456789"));
            ann.onDisplay(() -> {
                ann.document.setSelection(3, 7);
                return null;
            });
            eventually("bob sees ann's selection", () -> bob.onDisplay(() -> bob.document.collaborators()).stream()
                    .anyMatch(c -> c.name().equals("ann") && c.anchor() == 3 && c.head() == 7));
            bob.type(0, 0, "ab");
            Collaborator annSeen = bob.onDisplay(() -> bob.document.collaborators()).get(0);
            assertEquals(5, annSeen.anchor(), "a relative position moves with the text before it");
            assertEquals("#3366ff", annSeen.color());
        }
    }

    @Test
    void editsMadeOfflineOnBothSidesMergeWhenTheServerIsBack() throws Exception {
        try (Peer ann = peer("ann"); Peer bob = peer("bob")) {
            eventually("both synced", () -> ann.document.isSynced() && bob.document.isSynced());
            ann.type(0, 0, "shared\n");
            eventually("bob has it", () -> bob.editorText().equals("shared\n") && ann.document.isSynced());
            server.stop();
            eventually("both offline", () -> ann.client.status() == CollabClient.Status.OFFLINE && bob.client.status() == CollabClient.Status.OFFLINE);
            ann.type(0, 0, "ann offline\n");
            bob.type(bob.editorText().length(), 0, "bob offline\n");
            startServer(port);
            eventually("both merged", () -> ann.editorText().equals(bob.editorText()) && ann.document.isSynced() && bob.document.isSynced()
                    && ann.editorText().contains("ann offline") && ann.editorText().contains("bob offline"));
            assertEquals("ann offline\nshared\nbob offline\n", ann.editorText());
        }
    }

    @Test
    void editsOfAWorkbenchThatStoppedOfflineAreThereAtTheNextStartAndReachTheServer() throws Exception {
        Path annState = temp.resolve("state-ann");
        try (Peer ann = peer("ann")) {
            eventually("synced", () -> ann.document.isSynced());
            ann.type(0, 0, "before\n");
            eventually("stored", () -> ann.document.isSynced());
            server.stop();
            eventually("offline", () -> ann.client.status() == CollabClient.Status.OFFLINE);
            ann.type(7, 0, "written offline\n");
        }
        try (Peer restarted = new Peer(port, () -> token("ann"), annState, "ann", DOCUMENT)) {
            assertEquals("before\nwritten offline\n", restarted.editorText(), "the local state kept the offline edit");
            startServer(port);
            try (Peer bob = peer("bob")) {
                eventually("bob gets the offline edit", () -> bob.editorText().equals("before\nwritten offline\n"));
            }
        }
    }

    @Test
    void aYjsClientInNodeAndTheWorkbenchSeeEachOthersEdits() throws Exception {
        Path folder = Path.of(System.getProperty("promptstudio.root", "../..")).resolve("tests/yjs-interop");
        if (!Files.isDirectory(folder.resolve("node_modules/@hocuspocus/provider"))) {
            throw new IllegalStateException("the providers are not installed in " + folder + ": run 'npm ci' there (./studio test does)");
        }
        try (Peer ann = peer("ann")) {
            eventually("synced", () -> ann.document.isSynced());
            ann.type(0, 0, "from java");
            Process node = new ProcessBuilder("node", "collab-peer.mjs", Integer.toString(port), token("nia"), DOCUMENT)
                    .directory(folder.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                JsonNode result = new ObjectMapper().readTree(out.readLine());
                assertEquals("from java", result.path("seen").asText(), result.toString());
                eventually("the workbench sees node's edit", () -> ann.editorText().equals("from java and node"));
                assertTrue(node.waitFor(10, TimeUnit.SECONDS));
                assertEquals(0, node.exitValue());
            } finally {
                node.destroyForcibly();
            }
        }
    }

    @Test
    void aSavedVersionIsListedReadAndRestoredIntoTheOpenEditors() throws Exception {
        try (Peer ann = peer("ann"); Peer bob = peer("bob")) {
            eventually("both synced", () -> ann.document.isSynced() && bob.document.isSynced());
            ann.type(0, 0, "first draft\n");
            eventually("stored", () -> ann.document.isSynced() && bob.editorText().equals("first draft\n"));
            io.promptstudio.collab.Versions versions = new io.promptstudio.collab.Versions(
                    java.net.URI.create("ws://127.0.0.1:" + port + "/hocuspocus"), () -> token("ann"));
            io.promptstudio.collab.Versions.Version saved = versions.save(DOCUMENT, "v1", "before the rewrite");
            ann.type(0, 11, "second draft");
            eventually("bob has the rewrite", () -> bob.editorText().equals("second draft\n"));
            eventually("stored", () -> ann.document.isSynced());

            List<io.promptstudio.collab.Versions.Version> listed = versions.list(DOCUMENT);
            assertEquals(List.of("v1"), listed.stream().map(io.promptstudio.collab.Versions.Version::name).toList());
            assertEquals("ann", listed.get(0).author());
            assertEquals("first draft\n", versions.text(DOCUMENT, saved.id()));

            versions.restore(DOCUMENT, saved.id());
            eventually("both editors show the restored text", () -> ann.editorText().equals("first draft\n")
                    && bob.editorText().equals("first draft\n"));
            java.io.IOException missing = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> versions.text(DOCUMENT, 999));
            assertTrue(missing.getMessage().contains("404"), missing.getMessage());
        }
    }

    @Test
    void commentThreadsStayOnTheirWordsAndKeepEveryReply() throws Exception {
        try (Peer ann = peer("ann"); Peer bob = peer("bob")) {
            eventually("both synced", () -> ann.document.isSynced() && bob.document.isSynced());
            ann.type(0, 0, "Summarize the thread for a support engineer.");
            eventually("bob has the text", () -> bob.editorText().startsWith("Summarize"));
            io.promptstudio.collab.Comments annComments = new io.promptstudio.collab.Comments(ann.document, "ann", java.time.Clock.systemUTC());
            io.promptstudio.collab.Comments bobComments = new io.promptstudio.collab.Comments(bob.document, "bob", java.time.Clock.systemUTC());
            String thread = ann.onDisplay(() -> annComments.add(27, 43, "say 'on-call engineer'?"));
            eventually("bob sees the thread", () -> bob.onDisplay(bobComments::threads).size() == 1);
            var seen = bob.onDisplay(bobComments::threads).get(0);
            assertEquals("support engineer", bob.editorText().substring(seen.start(), seen.end()));
            assertEquals("ann", seen.author());

            bob.type(0, 0, "Please ");
            eventually("ann has bob's edit", () -> ann.editorText().startsWith("Please "));
            var moved = ann.onDisplay(annComments::threads).get(0);
            assertEquals("support engineer", ann.editorText().substring(moved.start(), moved.end()), "the range moved with the text");

            ann.onDisplay(() -> annComments.reply(thread, "or 'L2 engineer'"));
            bob.onDisplay(() -> bobComments.reply(thread, "on-call is better"));
            eventually("both replies everywhere", () -> ann.onDisplay(annComments::threads).get(0).replies().size() == 2
                    && bob.onDisplay(bobComments::threads).get(0).replies().size() == 2);
            bob.onDisplay(() -> {
                bobComments.resolve(thread, true);
                return null;
            });
            eventually("ann sees it resolved", () -> ann.onDisplay(annComments::threads).get(0).resolved());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> {
                try {
                    ann.onDisplay(() -> annComments.add(5, 500, "past the end"));
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause();
                }
            });
        }
    }

    @Test
    void filesAddedRenamedAndRemovedInASharedProjectAppearOnTheOtherSide() throws Exception {
        String index = "team/proj/" + io.promptstudio.collab.SharedProject.INDEX;
        try (Peer ann = new Peer(port, () -> token("ann"), temp.resolve("index-ann"), "ann", index);
                Peer bob = new Peer(port, () -> token("bob"), temp.resolve("index-bob"), "bob", index)) {
            eventually("both synced", () -> ann.document.isSynced() && bob.document.isSynced());
            var annProject = new io.promptstudio.collab.SharedProject(ann.document, "ann", java.time.Clock.systemUTC());
            var bobProject = new io.promptstudio.collab.SharedProject(bob.document, "bob", java.time.Clock.systemUTC());
            java.util.List<String> bobSaw = new java.util.concurrent.CopyOnWriteArrayList<>();
            bob.onDisplay(() -> {
                bobProject.onChange((added, removed) -> {
                    added.forEach(path -> bobSaw.add("+" + path));
                    removed.forEach(path -> bobSaw.add("-" + path));
                });
                return null;
            });
            ann.onDisplay(() -> {
                annProject.add("prompts/a.pstudio");
                annProject.add("prompts/b.pstudio");
                return null;
            });
            eventually("bob has both files", () -> bob.onDisplay(bobProject::files).equals(java.util.Set.of("prompts/a.pstudio", "prompts/b.pstudio")));
            ann.onDisplay(() -> {
                annProject.rename("prompts/b.pstudio", "prompts/c.pstudio");
                return null;
            });
            eventually("bob has the rename", () -> bob.onDisplay(bobProject::files).equals(java.util.Set.of("prompts/a.pstudio", "prompts/c.pstudio")));
            bob.onDisplay(() -> {
                bobProject.remove("prompts/a.pstudio");
                return null;
            });
            eventually("ann has the removal", () -> ann.onDisplay(annProject::files).equals(java.util.Set.of("prompts/c.pstudio")));
            List<String> expected = List.of("+prompts/a.pstudio", "+prompts/b.pstudio", "+prompts/c.pstudio", "-prompts/b.pstudio",
                    "-prompts/a.pstudio");
            eventually("bob was told each change", () -> bobSaw.equals(expected));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> annProject.add("../outside"));
        }
    }
}
