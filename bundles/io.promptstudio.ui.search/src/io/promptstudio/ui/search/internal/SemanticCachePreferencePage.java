package io.promptstudio.ui.search.internal;

import io.promptstudio.search.cache.CacheException;
import io.promptstudio.search.cache.CacheSettings;
import io.promptstudio.search.cache.CacheStats;
import io.promptstudio.search.cache.SemanticCache;
import io.promptstudio.ui.ViewControls;
import io.promptstudio.ui.WorkbenchSettings;
import io.promptstudio.ui.search.SearchService;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/**
 * The semantic cache's statistics — what {@code promptstudio cache stats} prints, from the same file — and a
 * button to clear it. The cache is the one {@code promptstudio run --cache} fills.
 */
public final class SemanticCachePreferencePage extends PreferencePage implements IWorkbenchPreferencePage {

    private Label figures;

    @Override
    public void init(IWorkbench workbench) {
        noDefaultAndApplyButton();
    }

    private static Path cacheFile() {
        return WorkbenchSettings.cacheFile();
    }

    @Override
    protected Control createContents(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(1, false));
        Label intro = new Label(page, SWT.WRAP);
        intro.setText(NLS.bind(Messages.CachePage_intro, cacheFile()));
        GridData introData = new GridData(SWT.FILL, SWT.TOP, true, false);
        introData.widthHint = 420;
        intro.setLayoutData(introData);
        figures = new Label(page, SWT.NONE);
        figures.setData("name", "figures");
        figures.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        ViewControls.button(page, Messages.CachePage_clear, "clear", this::clear);
        refresh();
        return page;
    }

    private SemanticCache open() throws CacheException {
        return SemanticCache.open(cacheFile(), SearchService.embedder(), CacheSettings.defaults(), Clock.systemUTC());
    }

    private void refresh() {
        try (SemanticCache cache = open()) {
            figures.setText(describe(cache.stats()));
        } catch (CacheException e) {
            figures.setText(e.getMessage());
        }
        figures.getParent().layout(true);
    }

    static String describe(CacheStats stats) {
        return String.join(System.lineSeparator(),
                NLS.bind(Messages.CachePage_entries, stats.entries()),
                NLS.bind(Messages.CachePage_hits, new Object[] {stats.hits(), stats.exactHits(), stats.semanticHits()}),
                NLS.bind(Messages.CachePage_misses, stats.misses(), stats.guarded()),
                NLS.bind(Messages.CachePage_hitRate, String.format("%.1f", 100 * stats.hitRate())),
                NLS.bind(Messages.CachePage_evictions, stats.evictions().isEmpty() ? Messages.CachePage_noEvictions
                        : stats.evictions().toString().replaceAll("[{}]", "")),
                NLS.bind(Messages.CachePage_saved, new Object[] {stats.savedInputTokens(), stats.savedOutputTokens(),
                        stats.savedCost().toPlainString()}));
    }

    private void clear() {
        if (!MessageDialog.openConfirm(getShell(), Messages.CachePage_clearTitle, Messages.CachePage_clearQuestion)) {
            return;
        }
        try (SemanticCache cache = open()) {
            cache.clear();
        } catch (CacheException e) {
            setErrorMessage(e.getMessage());
        }
        refresh();
    }
}
