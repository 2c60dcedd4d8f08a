package io.promptstudio.crdt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.crdt.Doc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Native memory, threads and convergence: what must hold for the bindings to be safe to use. */
class DocLifecycleTest {

    private static long residentKilobytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void creatingAndDroppingMillionsOfDocumentsKeepsTheResidentSetFlat() throws Exception {
        // Rounds of 200,000 documents, half closed and half left to the Cleaner. The Java heap is fixed and touched
        // up front (see the pom); the first rounds let the allocator, the code cache and metaspace reach their working
        // size. After that, leaking only the documents left to the Cleaner (about 1 KB each) would add 100 MB a round,
        // 400 MB over the last four. The resident set swings by up to 55 MB between rounds as the allocator returns
        // arenas or keeps them, so the settled level is the highest of rounds 2 to 4, not one round's reading.
        List<Long> resident = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            churn(200_000);
            resident.add(residentKilobytes());
        }
        long settled = Collections.max(resident.subList(1, 4));
        long last = Collections.max(resident.subList(4, resident.size()));
        assertTrue(last - settled < 48 * 1024, "resident set by round (KB): " + resident);
    }

    private static void churn(int documents) throws Exception {
        for (int i = 0; i < documents; i++) {
            Doc doc = new Doc(i + 1, true);
            doc.text("t").insert(0, "prompt " + i);
            if (i % 2 == 0) {
                doc.close();
            }
        }
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }
    }

    @Test
    void manyThreadsOnOneDocumentNeverCrashTheJvmAndLoseNothing() throws Exception {
        try (Doc doc = new Doc(11, true)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        doc.text("t").insert(0, "x");
                        doc.stateVector();
                    }
                }));
            }
            for (Future<?> each : done) {
                each.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(16_000, doc.text("t").toString().length());
        }
    }

    @Test
    void twoPeersConvergeWhateverTheOrderAndDuplicationOfUpdates() {
        Random random = new Random(42);
        int sessions = 200;
        for (int session = 0; session < sessions; session++) {
            try (Doc a = new Doc(1, true); Doc b = new Doc(2, true)) {
                List<byte[]> fromA = new ArrayList<>();
                List<byte[]> fromB = new ArrayList<>();
                for (int op = 0; op < 20; op++) {
                    edit(a, random, fromA);
                    edit(b, random, fromB);
                }
                deliver(fromA, b, random);
                deliver(fromB, a, random);
                assertEquals(a.text("t").toString(), b.text("t").toString(), "session " + session);
                assertTrue(Arrays.equals(a.stateVector(), b.stateVector()), "session " + session);
            }
        }
    }

    private static void edit(Doc doc, Random random, List<byte[]> sent) {
        String text = doc.text("t").toString();
        if (!text.isEmpty() && random.nextInt(3) == 0) {
            int at = random.nextInt(text.length());
            sent.add(doc.text("t").delete(at, Math.min(1 + random.nextInt(3), text.length() - at)));
        } else {
            sent.add(doc.text("t").insert(random.nextInt(text.length() + 1), Character.toString('a' + random.nextInt(26))));
        }
    }

    /** Every update once, shuffled, some twice. */
    private static void deliver(List<byte[]> updates, Doc to, Random random) {
        List<byte[]> shuffled = new ArrayList<>(updates);
        for (byte[] update : updates) {
            if (random.nextInt(4) == 0) {
                shuffled.add(update);
            }
        }
        Collections.shuffle(shuffled, random);
        shuffled.forEach(to::applyUpdate);
    }
}
