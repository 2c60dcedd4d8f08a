package io.promptstudio.sync.storage;

import io.promptstudio.sync.storage.StoreRecords.Append;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the update log. Appends from every connection queue here and are committed in batches (a
 * group commit: one transaction for all updates waiting), in the order they were queued; each append's future
 * completes only after its transaction committed, so callers acknowledge and broadcast committed updates only.
 * Documents whose log grew past a bound are compacted between batches on the same thread.
 */
public final class GroupCommitLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitLog.class);
    static final int MAX_BATCH = 512;
    static final long MAX_BATCH_BYTES = 8L * 1024 * 1024;

    private sealed interface Task {
    }

    private record AppendTask(Append append, CompletableFuture<Void> done) implements Task {
    }

    private record Barrier(CompletableFuture<Void> done) implements Task {
    }

    private record Stop() implements Task {
    }

    /** Work that touches the logs (loading a document) run on the writer, in queue order with appends and compactions. */
    private record Read<T>(java.util.function.Supplier<T> work, CompletableFuture<T> done) implements Task {
        void run() {
            try {
                done.complete(work.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }
    }

    /** Counts the log rows a document already had when it was loaded; {@code compactNow} compacts it right away. */
    private record Compaction(long documentId, long pendingUpdates, boolean compactNow, CompletableFuture<Void> done) implements Task {
    }

    private final DocumentStore store;
    private final int compactAfterUpdates;
    private final LongConsumer commitNanos;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Map<Long, Long> uncompacted = new HashMap<>();
    private final Thread writer;
    private volatile boolean closed;

    /**
     * @param compactAfterUpdates log rows of one document that trigger its compaction
     * @param commitNanos         told how long each commit took (for the storage-latency metric)
     */
    public GroupCommitLog(DocumentStore store, int compactAfterUpdates, LongConsumer commitNanos) {
        this.store = store;
        this.compactAfterUpdates = compactAfterUpdates;
        this.commitNanos = commitNanos;
        this.writer = Thread.ofPlatform().name("storage-writer").daemon(true).start(this::run);
    }

    /** Queues an update; the future completes once it is committed, or fails with the storage error. */
    public CompletableFuture<Void> append(long documentId, byte[] update) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the update log is closed (the server is stopping)"));
            return done;
        }
        queue.add(new AppendTask(new Append(documentId, update), done));
        return done;
    }

    /** Completes once everything queued before it is committed. */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.complete(null);
            return done;
        }
        queue.add(new Barrier(done));
        return done;
    }

    /** Runs {@code work} on the writer thread after everything queued before it (and before what follows). */
    public <T> CompletableFuture<T> read(java.util.function.Supplier<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the update log is closed (the server is stopping)"));
            return done;
        }
        queue.add(new Read<>(work, done));
        return done;
    }

    private void run() {
        List<Task> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            if (!commit(batch)) {
                return;
            }
            batch.clear();
        }
    }

    /** Commits the appends of a batch in one transaction, then settles every task; false after a stop. */
    private boolean commit(List<Task> batch) {
        List<AppendTask> appends = new ArrayList<>();
        List<CompletableFuture<Void>> barriers = new ArrayList<>();
        long bytes = 0;
        boolean stop = false;
        for (Task task : batch) {
            switch (task) {
                case AppendTask append -> {
                    appends.add(append);
                    bytes += append.append().update().length;
                    if (bytes >= MAX_BATCH_BYTES) {
                        write(appends);
                        appends.clear();
                        bytes = 0;
                    }
                }
                case Barrier barrier -> barriers.add(barrier.done());
                case Read<?> read -> {
                    write(appends);
                    appends.clear();
                    bytes = 0;
                    compactWhereDue();
                    read.run();
                }
                case Compaction compaction -> {
                    write(appends);
                    appends.clear();
                    bytes = 0;
                    uncompacted.merge(compaction.documentId(), compaction.pendingUpdates(), Long::sum);
                    if (compaction.compactNow() && uncompacted.getOrDefault(compaction.documentId(), 0L) > 0) {
                        compact(compaction.documentId());
                    }
                    compaction.done().complete(null);
                }
                case Stop ignored -> stop = true;
            }
        }
        write(appends);
        compactWhereDue();
        // Barriers complete last: everything queued before them, compactions included, is done.
        barriers.forEach(done -> done.complete(null));
        return !stop;
    }

    private void write(List<AppendTask> appends) {
        if (appends.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            store.append(appends.stream().map(AppendTask::append).toList());
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).addKeyValue("updates", appends.size()).log("append failed; the updates are refused");
            appends.forEach(task -> task.done().completeExceptionally(e));
            return;
        }
        commitNanos.accept(System.nanoTime() - started);
        for (AppendTask task : appends) {
            uncompacted.merge(task.append().documentId(), 1L, Long::sum);
        }
        appends.forEach(task -> task.done().complete(null));
    }

    /** Tells the writer how many log rows a document had when it was loaded, so that compaction counts them. */
    public void noteLoaded(long documentId, long pendingUpdates) {
        if (!closed && pendingUpdates > 0) {
            queue.add(new Compaction(documentId, pendingUpdates, false, new CompletableFuture<>()));
        }
    }

    /** Compacts one document after what is queued before (used when a document is unloaded). */
    public CompletableFuture<Void> compactNow(long documentId) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.complete(null);
            return done;
        }
        queue.add(new Compaction(documentId, 0, true, done));
        return done;
    }

    private void compactWhereDue() {
        var due = uncompacted.entrySet().stream().filter(entry -> entry.getValue() >= compactAfterUpdates).map(Map.Entry::getKey).toList();
        due.forEach(this::compact);
    }

    private void compact(long documentId) {
        try {
            store.compact(documentId);
            uncompacted.remove(documentId);
        } catch (RuntimeException e) {
            LOG.atWarn().setCause(e).addKeyValue("document", documentId).log("compaction failed; the log stays and is retried later");
            uncompacted.put(documentId, 0L);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(new Stop());
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
