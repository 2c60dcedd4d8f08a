package io.promptstudio.ui.runs.internal.playground;

import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runs.RunCache;
import io.promptstudio.runs.RunRecorder;
import io.promptstudio.runtime.pricing.PriceTable;
import io.promptstudio.search.cache.CacheException;
import io.promptstudio.search.cache.CacheSettings;
import io.promptstudio.search.cache.SemanticCache;
import io.promptstudio.ui.KeyStore;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.WorkbenchSettings;
import io.promptstudio.ui.search.SearchService;
import java.io.IOException;
import java.time.Clock;

/**
 * The workbench's {@link PromptRuns}: the language session's prompts, keys from secure storage, the endpoint and
 * price preferences, and the history and cache files of the preferences. The history and the cache are opened for
 * each run and closed after it, so that the CLI can use the same databases in between.
 */
public final class WorkbenchRuns {

    private WorkbenchRuns() {
    }

    public static PromptRuns create(LanguageService language) {
        return PromptRuns.builder().catalog(new SessionCatalog(language::session))
                .recorder(RunRecorder.openingEachTime(WorkbenchSettings::historyFile)).keys(KeyStore::lookup)
                .prices(() -> PriceTable.load(WorkbenchSettings.pricesFile())).endpoints(WorkbenchSettings::endpoint)
                .caches(RunCache.semantic(WorkbenchRuns::openCache)).build();
    }

    /** The cache with the user's domain settings ({@code cache-domains.properties} beside the history). */
    private static SemanticCache openCache() throws CacheException, IOException {
        CacheSettings settings;
        try {
            settings = CacheSettings.read(WorkbenchSettings.home().resolve("cache-domains.properties"));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        return SemanticCache.open(WorkbenchSettings.cacheFile(), SearchService.embedder(), settings, Clock.systemUTC());
    }
}
