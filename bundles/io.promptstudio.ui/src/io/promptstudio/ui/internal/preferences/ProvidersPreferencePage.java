package io.promptstudio.ui.internal.preferences;

import io.promptstudio.runtime.provider.Providers;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jface.preference.PreferencePage;
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
        setDescription("Providers and their API keys. Keys are kept encrypted in Eclipse secure storage; a key not set here is read "
                + "from its environment variable. An endpoint set here is used instead of the profiles' own.");
    }

    @Override
    protected Control createContents(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(1, false));
        Group providers = new Group(page, SWT.NONE);
        providers.setText("Providers");
        providers.setLayout(new GridLayout(3, false));
        providers.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        new Label(providers, SWT.NONE).setText("Provider");
        new Label(providers, SWT.NONE).setText("Endpoint (optional)");
        new Label(providers, SWT.NONE).setText("API key");
        for (String provider : WorkbenchSettings.PROVIDERS) {
            new Label(providers, SWT.NONE).setText(provider);
            Text endpoint = new Text(providers, SWT.BORDER);
            endpoint.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            endpoint.setText(valueOrEmpty(WorkbenchSettings.endpoint(provider)));
            endpoint.setMessage(provider.equals("openai-compatible") ? "http://127.0.0.1:8000/v1" : "the provider's default");
            endpoint.setData("name", "endpoint." + provider);
            endpoints.put(provider, endpoint);
            String variable = Providers.keyVariable(provider);
            if (variable == null || keys.values().stream().anyMatch(text -> variable.equals(text.getData("variable")))) {
                Label none = new Label(providers, SWT.NONE);
                none.setText(variable == null ? "(none needed)" : "(same as " + variable + " above)");
                continue;
            }
            Text key = new Text(providers, SWT.BORDER | SWT.PASSWORD);
            GridData keyLayout = new GridData(SWT.FILL, SWT.CENTER, true, false);
            keyLayout.widthHint = 220;
            key.setLayoutData(keyLayout);
            key.setData("variable", variable);
            key.setData("name", "key." + variable);
            key.setMessage(System.getenv(variable) != null ? "from $" + variable : variable);
            key.setText(valueOrEmpty(KeyStore.stored(variable)));
            keys.put(variable, key);
        }
        Group other = new Group(page, SWT.NONE);
        other.setText("Runs");
        other.setLayout(new GridLayout(2, false));
        other.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        defaultProfile = field(other, "Default profile:", valueOrEmpty(WorkbenchSettings.defaultProfile()), "the prompt's own");
        prices = field(other, "Price table:", WorkbenchSettings.pricesFile().toString(), "");
        history = field(other, "Run history:", WorkbenchSettings.historyFile().toString(), "");
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
