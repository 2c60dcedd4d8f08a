package io.promptstudio.search.ingest;

import java.util.List;

/**
 * What an ingest did.
 *
 * @param indexed    files read and (re)indexed
 * @param unchanged  files skipped because the index already holds their current content
 * @param chunks     chunks added
 * @param duplicates chunks dropped because the index (or an earlier file of this ingest) holds the same text
 * @param skipped    files not ingested, each with its reason
 */
public record IngestReport(int indexed, int unchanged, int chunks, int duplicates, List<Skipped> skipped) {

    public record Skipped(String file, String reason) {
    }
}
