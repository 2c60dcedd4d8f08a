package io.promptstudio.ui.internal.preferences;

import io.promptstudio.runtime.provider.Providers;
import io.promptstudio.ui.KeyStore;
import io.promptstudio.ui.WorkbenchSettings;
import io.promptstudio.ui.internal.Messages;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** Window > Preferences > PromptStudio: providers (endpoint and API key each), default profile, price table, history. */
public final class ProvidersPreferencePage extends PreferencePage implements IWorkbenchPreferencePage {

    public static final String ID = "io.promptstudio.ui.preferences.providers";

    private final Map<String, Text> endpoints = new LinkedHashMap<>();
    private final Map<String, Text> keys = new LinkedHashMap<>();
    private Text defaultProfile;
    private Text prices;
    private Text history;

    @Override
    public void init(IWorkbench workbench) {
        setDescription(Messages.Providers_description);
    }

    @Override
    protected Control createContents(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(1, false));
        Group providers = new Group(page, SWT.NONE);
        providers.setText(Messages.Providers_group);
        providers.setLayout(new GridLayout(3, false));
        providers.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        new Label(providers, SWT.NONE).setText(Messages.Providers_provider);
        new Label(providers, SWT.NONE).setText(Messages.Providers_endpoint);
        new Label(providers, SWT.NONE).setText(Messages.Providers_apiKey);
        for (String provider : WorkbenchSettings.PROVIDERS) {
            new Label(providers, SWT.NONE).setText(provider);
            Text endpoint = new Text(providers, SWT.BORDER);
            endpoint.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            endpoint.setText(valueOrEmpty(WorkbenchSettings.endpoint(provider)));
            endpoint.setMessage(provider.equals("openai-compatible") ? "http://127.0.0.1:8000/v1" : Messages.Providers_endpointHint);
            endpoint.setData("name", "endpoint." + provider);
            endpoints.put(provider, endpoint);
            String variable = Providers.keyVariable(provider);
            if (variable == null || keys.values().stream().anyMatch(text -> variable.equals(text.getData("variable")))) {
                Label none = new Label(providers, SWT.NONE);
                none.setText(variable == null ? Messages.Providers_noKey : NLS.bind(Messages.Providers_sameKey, variable));
                continue;
            }
            Text key = new Text(providers, SWT.BORDER | SWT.PASSWORD);
            GridData keyLayout = new GridData(SWT.FILL, SWT.CENTER, true, false);
            keyLayout.widthHint = 220;
            key.setLayoutData(keyLayout);
            key.setData("variable", variable);
            key.setData("name", "key." + variable);
            key.setMessage(System.getenv(variable) != null ? NLS.bind(Messages.Providers_keyFromEnvironment, variable) : variable);
            key.setText(valueOrEmpty(KeyStore.stored(variable)));
            keys.put(variable, key);
        }
        Group other = new Group(page, SWT.NONE);
        other.setText(Messages.Providers_runs);
        other.setLayout(new GridLayout(2, false));
        other.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        defaultProfile = field(other, Messages.Providers_defaultProfile, valueOrEmpty(WorkbenchSettings.defaultProfile()),
                Messages.Providers_defaultProfileHint);
        prices = field(other, Messages.Providers_prices, WorkbenchSettings.pricesFile().toString(), "");
        history = field(other, Messages.Providers_history, WorkbenchSettings.historyFile().toString(), "");
        return page;
    }

    private static Text field(Composite parent, String label, String value, String hint) {
        new Label(parent, SWT.NONE).setText(label);
        Text text = new Text(parent, SWT.BORDER);
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        text.setText(value);
        text.setMessage(hint);
        return text;
    }

    @Override
    protected void performDefaults() {
        endpoints.values().forEach(text -> text.setText(""));
        defaultProfile.setText("");
        prices.setText(WorkbenchSettings.home().resolve("prices.json").toString());
        history.setText(WorkbenchSettings.home().resolve("history").toString());
        super.performDefaults();
    }

    @Override
    public boolean performOk() {
        try {
            endpoints.forEach((provider, text) -> WorkbenchSettings.setEndpoint(provider, text.getText()));
            keys.forEach((variable, text) -> KeyStore.store(variable, text.getText()));
            WorkbenchSettings.setDefaultProfile(defaultProfile.getText());
            WorkbenchSettings.setPricesFile(prices.getText());
            WorkbenchSettings.setHistoryFile(history.getText());
            return true;
        } catch (IllegalStateException e) {
            setErrorMessage(e.getMessage());
            return false;
        }
    }

    private static String valueOrEmpty(String value) {
        return value == null ? "" : value;
    }
}
