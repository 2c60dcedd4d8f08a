package io.promptstudio.dsl.validation;

import io.promptstudio.dsl.promptStudio.ListValue;
import io.promptstudio.dsl.promptStudio.NumberLiteral;
import io.promptstudio.dsl.promptStudio.Profile;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage.Literals;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage;
import io.promptstudio.dsl.promptStudio.Setting;
import io.promptstudio.dsl.promptStudio.StringLiteral;
import io.promptstudio.dsl.promptStudio.Value;
import io.promptstudio.dsl.types.Values;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.xtext.validation.Check;

/** Checks model profiles: known settings with values of the right kind and range, known providers, no inheritance cycles. */
public class ProfileValidator extends ComposedValidator {

    /** The providers the execution engine can call. */
    public static final Set<String> PROVIDERS = Set.of("openai", "openai-compatible", "anthropic", "gemini", "ollama",
            "azure-openai", "mistral");

    private enum Kind { TEXT, NUMBER, INTEGER, TEXT_LIST }

    private record Rule(Kind kind, BigDecimal min, BigDecimal max, String range) {
    }

    private static final Map<String, Rule> SETTINGS = Map.ofEntries(
            Map.entry("provider", new Rule(Kind.TEXT, null, null, null)),
            Map.entry("model", new Rule(Kind.TEXT, null, null, null)),
            Map.entry("endpoint", new Rule(Kind.TEXT, null, null, null)),
            Map.entry("temperature", new Rule(Kind.NUMBER, BigDecimal.ZERO, BigDecimal.TWO, "from 0 to 2")),
            Map.entry("top_p", new Rule(Kind.NUMBER, BigDecimal.ZERO, BigDecimal.ONE, "from 0 to 1")),
            Map.entry("seed", new Rule(Kind.INTEGER, BigDecimal.ZERO, new BigDecimal(Long.MAX_VALUE), "a whole number from 0")),
            Map.entry("max_tokens", new Rule(Kind.INTEGER, BigDecimal.ONE, new BigDecimal(Integer.MAX_VALUE), "a whole number from 1")),
            Map.entry("stop", new Rule(Kind.TEXT_LIST, null, null, null)),
            Map.entry("timeout", new Rule(Kind.NUMBER, new BigDecimal("0.001"), new BigDecimal(3600), "seconds, more than 0 and at most 3600")),
            Map.entry("retries", new Rule(Kind.INTEGER, BigDecimal.ZERO, BigDecimal.TEN, "a whole number from 0 to 10")),
            Map.entry("requests_per_minute", new Rule(Kind.INTEGER, BigDecimal.ONE, new BigDecimal(1_000_000_000), "a whole number from 1")),
            Map.entry("tokens_per_minute", new Rule(Kind.INTEGER, BigDecimal.ONE, new BigDecimal(1_000_000_000), "a whole number from 1")));

    @Check
    public void checkSetting(Setting setting) {
        Rule rule = SETTINGS.get(setting.getKey());
        if (rule == null) {
            error("Unknown profile setting '" + setting.getKey() + "' (known: " + String.join(", ", new TreeSet<>(SETTINGS.keySet())) + ")",
                    setting, Literals.SETTING__KEY, IssueCodes.UNKNOWN_SETTING);
            return;
        }
        Value value = setting.getValue();
        switch (rule.kind()) {
            case TEXT -> {
                if (!(value instanceof StringLiteral text)) {
                    error("'" + setting.getKey() + "' must be a string, not " + Values.describe(value), setting,
                            Literals.SETTING__VALUE, IssueCodes.TYPE_MISMATCH);
                } else if (setting.getKey().equals("provider") && !PROVIDERS.contains(text.getValue())) {
                    error("Unknown provider '" + text.getValue() + "' (known: " + String.join(", ", new TreeSet<>(PROVIDERS)) + ")",
                            setting, Literals.SETTING__VALUE, IssueCodes.UNKNOWN_PROVIDER);
                }
            }
            case TEXT_LIST -> {
                if (!(value instanceof ListValue list) || !list.getItems().stream().allMatch(StringLiteral.class::isInstance)) {
                    error("'" + setting.getKey() + "' must be a list of strings, e.g. [\"\\n\\n\"]", setting,
                            Literals.SETTING__VALUE, IssueCodes.TYPE_MISMATCH);
                }
            }
            case NUMBER, INTEGER -> {
                BigDecimal number = Values.number(value);
                if (!(value instanceof NumberLiteral) || number == null) {
                    error("'" + setting.getKey() + "' must be a number (" + rule.range() + "), not " + Values.describe(value),
                            setting, Literals.SETTING__VALUE, IssueCodes.TYPE_MISMATCH);
                } else if (rule.kind() == Kind.INTEGER && ((NumberLiteral) value).getValue().contains(".")) {
                    error("'" + setting.getKey() + "' must be " + rule.range() + ", not " + number.toPlainString(), setting,
                            Literals.SETTING__VALUE, IssueCodes.SETTING_OUT_OF_RANGE);
                } else if (number.compareTo(rule.min()) < 0 || number.compareTo(rule.max()) > 0) {
                    error("'" + setting.getKey() + "' is " + number.toPlainString() + ", but must be " + rule.range(), setting,
                            Literals.SETTING__VALUE, IssueCodes.SETTING_OUT_OF_RANGE);
                }
            }
        }
    }

    @Check
    public void checkNoInheritanceCycle(Profile profile) {
        Set<Profile> seen = new HashSet<>();
        Profile current = profile;
        while (current != null && !current.eIsProxy() && seen.add(current)) {
            current = current.getParent();
            if (current == profile) {
                error("Profile '" + profile.getName() + "' extends itself through its parents", profile,
                        Literals.PROFILE__PARENT, IssueCodes.PROFILE_CYCLE);
                return;
            }
        }
    }
}
