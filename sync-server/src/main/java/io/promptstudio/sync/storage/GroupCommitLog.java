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
 * The update log's writes. With {@code fsync}, appends from every connection queue here and are committed in
 * batches (a group commit: one forced write for all updates waiting), in the order they were queued. Without it an
 * append is written on the caller's thread — into the operating system's cache, a few microseconds, which is all
 * a forced write would have batched — so an edit crosses no thread before it is acknowledged and broadcast.
 * Either way an append's future completes only once the update is written, so callers acknowledge and broadcast
 * stored updates only. Loads, compactions, deletions and backups run on one writer thread in queue order. Locks
 * keep them apart from writes: a compaction excludes only its own document's writes, so compacting one document
 * never holds up the others; other work on the writer (loads, deletions, backups) excludes every write.
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
        /** Runs the work with every write held off; the future completes after the lock is released. */
        void run(java.util.concurrent.locks.Lock exclusive) {
            T result;
            exclusive.lock();
            try {
                result = work.get();
            } catch (RuntimeException e) {
                exclusive.unlock();
                done.completeExceptionally(e);
                return;
            }
            exclusive.unlock();
            done.complete(result);
        }
    }

    /** Counts the log rows a document already had when it was loaded; {@code compactNow} compacts it right away. */
    private record Compaction(long documentId, long pendingUpdates, boolean compactNow, CompletableFuture<Void> done) implements Task {
    }

    private final DocumentStore store;
    private final int compactAfterUpdates;
    private final boolean groupCommit;
    private final LongConsumer commitNanos;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    /** Shared by writes and compactions, taken alone by the writer's other work. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock storeLock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** One of these per document (striped): its writes and its compaction take it. */
    private final java.util.concurrent.locks.ReentrantLock[] documentLocks = new java.util.concurrent.locks.ReentrantLock[64];
    private final Map<Long, Long> uncompacted = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<Long> compactionQueued = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Thread writer;
    private volatile boolean closed;

    /**
     * @param compactAfterUpdates log rows of one document that trigger its compaction (the least: each document's
     *                            own threshold lies up to half as much again above)
     * @param groupCommit         whether appends wait for the writer's next batch (for a store that forces each
     *                            write to the disk) rather than being written on the caller's thread
     * @param commitNanos         told how long each commit took (for the storage-latency metric)
     */
    public GroupCommitLog(DocumentStore store, int compactAfterUpdates, boolean groupCommit, LongConsumer commitNanos) {
        this.store = store;
        this.compactAfterUpdates = compactAfterUpdates;
        this.groupCommit = groupCommit;
        this.commitNanos = commitNanos;
        for (int i = 0; i < documentLocks.length; i++) {
            documentLocks[i] = new java.util.concurrent.locks.ReentrantLock();
        }
        this.writer = Thread.ofPlatform().name("storage-writer").daemon(true).start(this::run);
    }

    /**
     * Stores an update; the future completes once it is written (at once when this thread wrote it), or fails with
     * the storage error. Appends of one document must come in the order they were applied (callers hold its lock).
     */
    public CompletableFuture<Void> append(long documentId, byte[] update) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the update log is closed (the server is stopping)"));
            return done;
        }
        AppendTask task = new AppendTask(new Append(documentId, update), done);
        if (groupCommit) {
            queue.add(task);
        } else {
            write(List.of(task));
            queueCompactionWhereDue(documentId);
        }
        return done;
    }

    /** Without group commits the writer does not see appends: the appender asks it for a due compaction. */
    private void queueCompactionWhereDue(long documentId) {
        if (uncompacted.getOrDefault(documentId, 0L) >= threshold(documentId) && compactionQueued.add(documentId)) {
            queue.add(new Compaction(documentId, 0, true, new CompletableFuture<>()));
        }
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
                    read.run(storeLock.writeLock());
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
        // A batch of several documents is the writer's (group commits), which also runs every compaction: only a
        // single append, on the caller's thread, can meet a compaction and takes its document's lock.
        java.util.concurrent.locks.Lock document = appends.size() == 1 ? documentLock(appends.get(0).append().documentId()) : null;
        storeLock.readLock().lock();
        if (document != null) {
            document.lock();
        }
        try {
            store.append(appends.stream().map(AppendTask::append).toList());
            for (AppendTask task : appends) {
                uncompacted.merge(task.append().documentId(), 1L, Long::sum);
            }
        } catch (RuntimeException e) {
            unlock(document);
            LOG.atError().setCause(e).addKeyValue("updates", appends.size()).log("append failed; the updates are refused");
            appends.forEach(task -> task.done().completeExceptionally(e));
            return;
        }
        unlock(document);
        commitNanos.accept(System.nanoTime() - started);
        // completed after the lock is released: what the futures run (broadcasts, acknowledgements) takes other locks
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
        var due = uncompacted.entrySet().stream().filter(entry -> entry.getValue() >= threshold(entry.getKey())).map(Map.Entry::getKey).toList();
        due.forEach(this::compact);
    }

    /**
     * The log rows at which one document compacts: from {@code compactAfterUpdates} to half as much again, fixed per
     * document, so that documents loaded and edited together (after a restart, a bulk import) do not all merge at
     * the same moment.
     */
    long threshold(long documentId) {
        long spread = compactAfterUpdates / 2 + 1;
        return compactAfterUpdates + Math.floorMod((documentId * 0x9E3779B97F4A7C15L) >>> 32, spread);
    }

    private java.util.concurrent.locks.Lock documentLock(long documentId) {
        return documentLocks[Math.floorMod(Long.hashCode(documentId), documentLocks.length)];
    }

    private void unlock(java.util.concurrent.locks.Lock document) {
        if (document != null) {
            document.unlock();
        }
        storeLock.readLock().unlock();
    }

    /**
     * Seals the document's log with its appends held off (microseconds), then merges the sealed part while they go
     * on: a compaction never holds up an edit for longer than the seal.
     */
    private void compact(long documentId) {
        java.util.concurrent.locks.Lock document = documentLock(documentId);
        storeLock.readLock().lock();
        try {
            long sealed;
            document.lock();
            try {
                sealed = store.sealLog(documentId);
                uncompacted.remove(documentId);
            } finally {
                document.unlock();
            }
            store.compact(documentId, sealed);
        } catch (RuntimeException e) {
            LOG.atWarn().setCause(e).addKeyValue("document", documentId).log("compaction failed; the log stays and is retried later");
        } finally {
            compactionQueued.remove(documentId);
            storeLock.readLock().unlock();
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
