package io.promptstudio.dsl.validation;

/**
 * The codes of the checker's findings. Each is stable: the CLI prints it, quick fixes and docs refer to it.
 * docs/language.md lists them with an example each.
 */
public final class IssueCodes {

    private static final String PREFIX = "promptstudio.";

    public static final String DUPLICATE_NAME = PREFIX + "duplicate-name";
    public static final String TEMPLATE_SYNTAX = PREFIX + "template-syntax";
    public static final String AMBIGUOUS_BRACES = PREFIX + "ambiguous-braces";
    public static final String UNKNOWN_VARIABLE = PREFIX + "unknown-variable";
    public static final String UNKNOWN_MEMBER = PREFIX + "unknown-member";
    public static final String UNKNOWN_FILTER = PREFIX + "unknown-filter";
    public static final String UNUSED_PARAMETER = PREFIX + "unused-parameter";
    public static final String FOR_OVER_NON_LIST = PREFIX + "for-over-non-list";
    public static final String IF_ON_NON_BOOLEAN = PREFIX + "if-on-non-boolean";
    public static final String TYPE_MISMATCH = PREFIX + "type-mismatch";
    public static final String MISSING_TEST_INPUT = PREFIX + "missing-test-input";
    public static final String UNKNOWN_SETTING = PREFIX + "unknown-setting";
    public static final String SETTING_OUT_OF_RANGE = PREFIX + "setting-out-of-range";
    public static final String UNKNOWN_PROVIDER = PREFIX + "unknown-provider";
    public static final String PROFILE_CYCLE = PREFIX + "profile-cycle";
    public static final String INVALID_RECURSION = PREFIX + "invalid-recursion";
    public static final String UNREACHABLE_UNION_MEMBER = PREFIX + "unreachable-union-member";
    public static final String UNKNOWN_FUNCTION = PREFIX + "unknown-function";
    public static final String HISTORY_NOT_CHAT = PREFIX + "history-not-chat";
    public static final String UNRESOLVED_IMPORT = PREFIX + "unresolved-import";
    public static final String IMPORT_CYCLE = PREFIX + "import-cycle";
    public static final String UNKNOWN_ANNOTATION = PREFIX + "unknown-annotation";
    public static final String INVALID_ANNOTATION = PREFIX + "invalid-annotation";
    public static final String NOT_JSON_SCHEMA = PREFIX + "not-json-schema";
    public static final String CONTROL_CHARACTER = PREFIX + "control-character";
    public static final String UNKNOWN_DATASET_COLUMN = PREFIX + "unknown-dataset-column";
    public static final String DATASET_FILE = PREFIX + "dataset-file";
    public static final String SCHEMA_FILE = PREFIX + "schema-file";
    public static final String JUDGE = PREFIX + "judge";
    public static final String CHAIN_TYPE = PREFIX + "chain-type";
    public static final String CHAIN_CYCLE = PREFIX + "chain-cycle";
    public static final String CHAIN_RESULT = PREFIX + "chain-result";
    public static final String CHAIN_UNREACHABLE = PREFIX + "chain-unreachable";
    public static final String CHAIN_UNBOUNDED_LOOP = PREFIX + "chain-unbounded-loop";

    private IssueCodes() {
    }
}
