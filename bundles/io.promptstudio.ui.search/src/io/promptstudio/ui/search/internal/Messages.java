package io.promptstudio.ui.search.internal;

import org.eclipse.osgi.util.NLS;

/** User-facing strings of semantic search; the texts live in messages.properties. */
public final class Messages extends NLS {

    public static String Search_job;
    public static String Search_failed;
    public static String Ingest_job;
    public static String Ingest_failed;
    public static String Ingest_skipped;

    public static String Index_job;
    public static String Index_task;
    public static String Index_notIndexed;
    public static String Index_listFailed;
    public static String Ingest_task;
    public static String Ingest_progress;

    public static String Ingest_oneFile;
    public static String Ingest_files;
    public static String Ingest_unchanged;
    public static String Ingest_duplicates;
    public static String Ingest_skippedFirst;
    public static String Ingest_skippedFirstOfMany;

    public static String SemanticSearch_queryHint;
    public static String SemanticSearch_hybrid;
    public static String SemanticSearch_keyword;
    public static String SemanticSearch_vector;
    public static String SemanticSearch_everything;
    public static String SemanticSearch_prompts;
    public static String SemanticSearch_documents;
    public static String SemanticSearch_search;
    public static String SemanticSearch_ingestFolder;
    public static String SemanticSearch_start;
    public static String SemanticSearch_title;
    public static String SemanticSearch_type;
    public static String SemanticSearch_where;
    public static String SemanticSearch_score;
    public static String SemanticSearch_location;
    public static String SemanticSearch_noQuery;
    public static String SemanticSearch_searching;
    public static String SemanticSearch_nothingFound;
    public static String SemanticSearch_oneResult;
    public static String SemanticSearch_results;
    public static String SemanticSearch_ingestTitle;
    public static String SemanticSearch_ingestMessage;
    public static String SemanticSearch_ingesting;

    public static String CachePage_intro;
    public static String CachePage_clear;
    public static String CachePage_clearTitle;
    public static String CachePage_clearQuestion;
    public static String CachePage_entries;
    public static String CachePage_hits;
    public static String CachePage_misses;
    public static String CachePage_hitRate;
    public static String CachePage_evictions;
    public static String CachePage_noEvictions;
    public static String CachePage_saved;

    static {
        NLS.initializeMessages(Messages.class.getPackageName() + ".messages", Messages.class);
    }

    private Messages() {
    }
}
