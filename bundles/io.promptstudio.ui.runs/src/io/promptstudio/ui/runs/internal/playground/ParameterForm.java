package io.promptstudio.ui.runs.internal.playground;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.dsl.ide.session.LanguageSession;
import io.promptstudio.ui.search.SearchService;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

/**
 * The inputs of a prompt as a form built from each parameter's JSON Schema: text areas for strings, spinners for
 * numbers, combos for enums, a check box for booleans, editable lists, nested groups for records, JSON for the
 * rest. Every field is checked against its parameter's type as the user types, and the problem shown under it.
 * Each input widget carries its path (e.g. {@code ticket.subject}) as widget data {@code "name"}.
 */
final class ParameterForm {

    /** The value of a field left empty: the parameter's default (or nothing, for an optional) applies. */
    static final Object OMITTED = new Object();

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** A field's current value; throws {@link IllegalArgumentException} with the reason when it is not readable. */
    private interface Field {
        Object value();

        void set(Object value);
    }

    private final LanguageSession.PromptInfo prompt;
    private final Function<Map.Entry<String, Object>, List<String>> typeCheck;
    private final Runnable onChange;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Map<String, Label> problemLabels = new LinkedHashMap<>();
    private final Map<String, String> problems = new LinkedHashMap<>();
    private final SearchService search;

    /**
     * @param typeCheck what is wrong with a value for a parameter (name → value): the language's own check
     * @param search    where the Retrieve button finds passages
     */
    ParameterForm(Composite parent, LanguageSession.PromptInfo prompt, Function<Map.Entry<String, Object>, List<String>> typeCheck,
            Runnable onChange, SearchService search) {
        this.search = search;
        this.prompt = prompt;
        this.typeCheck = typeCheck;
        this.onChange = onChange;
        parent.setLayout(new GridLayout(2, false));
        if (prompt.parameters().isEmpty()) {
            new Label(parent, SWT.NONE).setText(Messages.Form_noInputs);
        }
        for (LanguageSession.ParameterInfo parameter : prompt.parameters()) {
            Label label = new Label(parent, SWT.NONE);
            label.setText(Messages.bind(Messages.Field_label, parameter.name()));
            label.setToolTipText(parameter.type() + (parameter.documentation() == null ? "" : "\n" + parameter.documentation()));
            label.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
            Composite cell = new Composite(parent, SWT.NONE);
            GridLayout cellLayout = new GridLayout(1, false);
            cellLayout.marginWidth = 0;
            cellLayout.marginHeight = 0;
            cell.setLayout(cellLayout);
            cell.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
            JsonNode schema = parameter.schema();
            Field field = build(cell, schema == null ? JSON.createObjectNode() : schema, schema, parameter.name(),
                    parameter.hasDefault());
            fields.put(parameter.name(), field);
            Label hint = new Label(cell, SWT.WRAP);
            hint.setText(parameter.hasDefault() ? Messages.bind(Messages.Form_typeWithDefault, parameter.type()) : parameter.type());
            hint.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            Label problem = new Label(cell, SWT.WRAP);
            problem.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_RED));
            problem.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
            problem.setData("name", "problem." + parameter.name());
            problemLabels.put(parameter.name(), problem);
        }
        validate();
    }

    /** The arguments to render with: parameters left empty are not passed (their default applies). */
    Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        fields.forEach((name, field) -> {
            Object value = field.value();
            if (value != OMITTED) {
                values.put(name, value);
            }
        });
        return values;
    }

    /** What is wrong now, by parameter: empty when the form can be run. */
    Map<String, String> problems() {
        return Map.copyOf(problems);
    }

    /** Fills the form from earlier arguments (a re-run from the history). */
    void fill(Map<String, Object> arguments) {
        arguments.forEach((name, value) -> {
            Field field = fields.get(name);
            if (field != null) {
                field.set(value);
            }
        });
        validate();
    }

    String prompt() {
        return prompt.name();
    }

    private void changed() {
        validate();
        onChange.run();
    }

    private void validate() {
        problems.clear();
        for (var entry : fields.entrySet()) {
            String name = entry.getKey();
            String problem;
            try {
                Object value = entry.getValue().value();
                boolean omittable = prompt.parameters().stream().anyMatch(p -> p.name().equals(name) && p.hasDefault());
                if (value == OMITTED) {
                    problem = omittable || isOptional(name) ? null : Messages.Form_valueNeeded;
                } else {
                    List<String> found = typeCheck.apply(Map.entry(name, value));
                    problem = found.isEmpty() ? null : String.join("; ", found);
                }
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                problems.put(name, problem);
            }
            Label label = problemLabels.get(name);
            if (label != null && !label.isDisposed()) {
                label.setText(problem == null ? "" : problem);
                label.getParent().layout();
            }
        }
    }

    private boolean isOptional(String name) {
        return prompt.parameters().stream().filter(p -> p.name().equals(name)).anyMatch(p -> p.type().strip().endsWith("?"));
    }

    private Field build(Composite parent, JsonNode schema, JsonNode root, String path, boolean omittable) {
        JsonNode resolved = resolve(schema, root);
        boolean nullable = false;
        if (resolved.has("anyOf")) {
            List<JsonNode> members = new ArrayList<>();
            resolved.get("anyOf").forEach(member -> {
                if (!"null".equals(member.path("type").asText())) {
                    members.add(member);
                }
            });
            nullable = members.size() < resolved.get("anyOf").size();
            if (members.size() == 1) {
                resolved = resolve(members.get(0), root);
            }
        }
        String type = resolved.path("type").isArray() ? firstNonNull(resolved.path("type")) : resolved.path("type").asText("");
        if (resolved.path("type").isArray()) {
            for (JsonNode each : resolved.path("type")) {
                nullable |= "null".equals(each.asText());
            }
        }
        boolean empty = omittable || nullable;
        if (resolved.has("enum")) {
            return enumField(parent, resolved, path, empty);
        }
        if (resolved.has("const")) {
            Label constant = new Label(parent, SWT.NONE);
            constant.setText(resolved.get("const").asText());
            JsonNode value = resolved.get("const");
            return new Field() {
                @Override
                public Object value() {
                    return plain(value);
                }

                @Override
                public void set(Object ignored) {
                    // a constant cannot change
                }
            };
        }
        return switch (type) {
            case "string" -> stringField(parent, path, empty);
            case "integer" -> numberField(parent, resolved, path, 0, empty);
            case "number" -> numberField(parent, resolved, path, 3, empty);
            case "boolean" -> booleanField(parent, path);
            case "array" -> listField(parent, resolved, root, path, empty);
            case "object" -> resolved.has("properties") ? recordField(parent, resolved, root, path, empty) : jsonField(parent, path, empty);
            default -> jsonField(parent, path, empty);
        };
    }

    private Field stringField(Composite parent, String path, boolean empty) {
        Text text = new Text(parent, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL);
        GridData layout = new GridData(SWT.FILL, SWT.TOP, true, false);
        layout.heightHint = text.getLineHeight() * 3;
        layout.widthHint = 320;
        text.setLayoutData(layout);
        text.setData("name", path);
        text.addModifyListener(event -> changed());
        return new Field() {
            @Override
            public Object value() {
                return empty && text.getText().isEmpty() ? OMITTED : text.getText();
            }

            @Override
            public void set(Object value) {
                text.setText(value == null ? "" : String.valueOf(value));
            }
        };
    }

    private Field numberField(Composite parent, JsonNode schema, String path, int digits, boolean empty) {
        Composite row = row(parent, empty ? 2 : 1);
        Button set = null;
        if (empty) {
            set = new Button(row, SWT.CHECK);
            set.setText(Messages.Form_set);
            set.setData("name", path + ".set");
        }
        Spinner spinner = new Spinner(row, SWT.BORDER);
        spinner.setDigits(digits);
        int scale = (int) Math.pow(10, digits);
        spinner.setMinimum(schema.has("minimum") ? schema.get("minimum").decimalValue().movePointRight(digits).intValue() : -1_000_000_000);
        spinner.setMaximum(schema.has("maximum") ? schema.get("maximum").decimalValue().movePointRight(digits).intValue() : 1_000_000_000);
        spinner.setIncrement(digits == 0 ? 1 : scale / 10);
        spinner.setSelection(Math.max(spinner.getMinimum(), Math.min(0, spinner.getMaximum())));
        spinner.setData("name", path);
        spinner.setEnabled(!empty);
        spinner.addModifyListener(event -> changed());
        Button toggle = set;
        if (toggle != null) {
            toggle.addListener(SWT.Selection, event -> {
                spinner.setEnabled(toggle.getSelection());
                changed();
            });
        }
        return new Field() {
            @Override
            public Object value() {
                if (toggle != null && !toggle.getSelection()) {
                    return OMITTED;
                }
                BigDecimal value = BigDecimal.valueOf(spinner.getSelection(), digits);
                return digits == 0 ? (Object) value.longValueExact() : value;
            }

            @Override
            public void set(Object value) {
                if (value == null) {
                    if (toggle != null) {
                        toggle.setSelection(false);
                        spinner.setEnabled(false);
                    }
                    return;
                }
                if (toggle != null) {
                    toggle.setSelection(true);
                    spinner.setEnabled(true);
                }
                spinner.setSelection(new BigDecimal(String.valueOf(value)).movePointRight(digits).intValue());
            }
        };
    }

    private Field booleanField(Composite parent, String path) {
        Button check = new Button(parent, SWT.CHECK);
        check.setText(Messages.Form_true);
        check.setData("name", path);
        check.addListener(SWT.Selection, event -> changed());
        return new Field() {
            @Override
            public Object value() {
                return check.getSelection();
            }

            @Override
            public void set(Object value) {
                check.setSelection(Boolean.TRUE.equals(value) || "true".equals(String.valueOf(value)));
            }
        };
    }

    private Field enumField(Composite parent, JsonNode schema, String path, boolean empty) {
        Combo combo = new Combo(parent, SWT.READ_ONLY | SWT.DROP_DOWN);
        List<String> values = new ArrayList<>();
        if (empty) {
            values.add("");
        }
        schema.get("enum").forEach(value -> values.add(value.asText()));
        combo.setItems(values.toArray(String[]::new));
        combo.select(0);
        combo.setData("name", path);
        combo.addListener(SWT.Selection, event -> changed());
        return new Field() {
            @Override
            public Object value() {
                String selected = combo.getText();
                return empty && selected.isEmpty() ? OMITTED : selected;
            }

            @Override
            public void set(Object value) {
                int index = values.indexOf(value == null ? "" : String.valueOf(value));
                if (index >= 0) {
                    combo.select(index);
                }
            }
        };
    }

    private Field listField(Composite parent, JsonNode schema, JsonNode root, String path, boolean empty) {
        JsonNode items = resolve(schema.path("items"), root);
        boolean textItems = "string".equals(items.path("type").asText()) && !items.has("enum");
        Composite box = row(parent, 2);
        org.eclipse.swt.widgets.List list = new org.eclipse.swt.widgets.List(box, SWT.BORDER | SWT.SINGLE | SWT.V_SCROLL);
        GridData listLayout = new GridData(SWT.FILL, SWT.FILL, true, false, 1, 3);
        listLayout.heightHint = list.getItemHeight() * 4;
        listLayout.widthHint = 260;
        list.setLayoutData(listLayout);
        list.setData("name", path);
        Button remove = new Button(box, SWT.PUSH);
        remove.setText(Messages.Form_remove);
        Button up = new Button(box, SWT.PUSH);
        up.setText(Messages.Form_up);
        new Label(box, SWT.NONE);
        Text entry = new Text(box, SWT.BORDER);
        entry.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        entry.setMessage(textItems ? Messages.Form_itemHint : Messages.bind(Messages.Form_itemJsonHint, example(items, root)));
        entry.setData("name", path + ".new");
        Button add = new Button(box, SWT.PUSH);
        add.setText(Messages.Form_add);
        add.setData("name", path + ".add");
        List<String> recordFields = new ArrayList<>();
        items.path("properties").fieldNames().forEachRemaining(recordFields::add);
        List<String> requiredFields = new ArrayList<>();
        items.path("required").forEach(name -> requiredFields.add(name.asText()));
        boolean retrievable = recordFields.contains("text") && io.promptstudio.search.retrieve.Passages.unfillable(requiredFields).isEmpty();
        if (retrievable) {
            new Label(box, SWT.NONE);
            Button retrieve = new Button(box, SWT.PUSH);
            retrieve.setText(Messages.Form_retrieve);
            retrieve.setData("name", path + ".retrieve");
            retrieve.setToolTipText(Messages.Form_retrieveTooltip);
            retrieve.addListener(SWT.Selection, event -> retrieveInto(list, recordFields, retrieve, path));
        }
        Runnable adding = () -> {
            if (!entry.getText().isBlank()) {
                list.add(entry.getText());
                entry.setText("");
                changed();
            }
        };
        add.addListener(SWT.Selection, event -> adding.run());
        entry.addListener(SWT.DefaultSelection, event -> adding.run());
        remove.addListener(SWT.Selection, event -> {
            if (list.getSelectionIndex() >= 0) {
                list.remove(list.getSelectionIndex());
                changed();
            }
        });
        up.addListener(SWT.Selection, event -> {
            int index = list.getSelectionIndex();
            if (index > 0) {
                String item = list.getItem(index);
                list.remove(index);
                list.add(item, index - 1);
                list.select(index - 1);
                changed();
            }
        });
        return new Field() {
            @Override
            public Object value() {
                if (empty && list.getItemCount() == 0) {
                    return OMITTED;
                }
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < list.getItemCount(); i++) {
                    values.add(textItems ? list.getItem(i) : parseJson(list.getItem(i), Messages.bind(Messages.Form_item, i + 1)));
                }
                return values;
            }

            @Override
            public void set(Object value) {
                list.removeAll();
                if (value instanceof List<?> values) {
                    for (Object item : values) {
                        list.add(textItems && item instanceof String text ? text : toJson(item));
                    }
                }
            }
        };
    }

    /** The question to retrieve for: the first text parameter with a value. */
    private String question() {
        for (LanguageSession.ParameterInfo parameter : prompt.parameters()) {
            if (parameter.schema() != null && "string".equals(parameter.schema().path("type").asText()) && !parameter.schema().has("enum")
                    && fields.get(parameter.name()).value() instanceof String text && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }

    private void retrieveInto(org.eclipse.swt.widgets.List list, List<String> recordFields, Button retrieve, String path) {
        String question = question();
        if (question == null) {
            Label label = problemLabels.get(path);
            if (label != null) {
                label.setText(Messages.Form_retrieveNeedsQuestion);
                label.getParent().layout();
            }
            return;
        }
        retrieve.setEnabled(false);
        var display = list.getDisplay();
        org.eclipse.core.runtime.jobs.Job.create(Messages.Form_retrieveJob, monitor -> {
            try {
                List<Map<String, Object>> passages = search.passages(question, recordFields,
                        RETRIEVE_BUDGET, monitor);
                display.asyncExec(() -> {
                    if (!list.isDisposed()) {
                        list.removeAll();
                        passages.forEach(passage -> list.add(toJson(passage)));
                        retrieve.setEnabled(true);
                        changed();
                    }
                });
                return org.eclipse.core.runtime.Status.OK_STATUS;
            } catch (Exception e) {
                display.asyncExec(() -> {
                    if (!retrieve.isDisposed()) {
                        retrieve.setEnabled(true);
                    }
                });
                return org.eclipse.core.runtime.Status.error(Messages.bind(Messages.Form_retrieveFailed, e.getMessage()), e);
            }
        }).schedule();
    }

    /** Tokens the retrieved passages may take, as {@code run --retrieve} allows by default. */
    private static final int RETRIEVE_BUDGET = 1500;

    private Field recordField(Composite parent, JsonNode schema, JsonNode root, String path, boolean empty) {
        Group group = new Group(parent, SWT.NONE);
        group.setText(schema.path("title").asText(""));
        group.setLayout(new GridLayout(2, false));
        group.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        Map<String, Field> members = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        schema.get("properties").fields().forEachRemaining(property -> {
            Label label = new Label(group, SWT.NONE);
            label.setText(Messages.bind(Messages.Field_label, property.getKey()));
            label.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
            Composite cell = new Composite(group, SWT.NONE);
            GridLayout cellLayout = new GridLayout(1, false);
            cellLayout.marginWidth = 0;
            cellLayout.marginHeight = 0;
            cell.setLayout(cellLayout);
            cell.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
            members.put(property.getKey(), build(cell, property.getValue(), root, path + "." + property.getKey(),
                    !required.contains(property.getKey())));
        });
        return new Field() {
            @Override
            public Object value() {
                Map<String, Object> record = new LinkedHashMap<>();
                members.forEach((name, field) -> {
                    Object value = field.value();
                    if (value != OMITTED) {
                        record.put(name, value);
                    }
                });
                return empty && record.isEmpty() ? OMITTED : record;
            }

            @Override
            public void set(Object value) {
                if (value instanceof Map<?, ?> record) {
                    members.forEach((name, field) -> {
                        if (record.containsKey(name)) {
                            field.set(record.get(name));
                        }
                    });
                }
            }
        };
    }

    private Field jsonField(Composite parent, String path, boolean empty) {
        Text text = new Text(parent, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL);
        GridData layout = new GridData(SWT.FILL, SWT.TOP, true, false);
        layout.heightHint = text.getLineHeight() * 3;
        text.setLayoutData(layout);
        text.setMessage(Messages.Form_jsonHint);
        text.setData("name", path);
        text.addModifyListener(event -> changed());
        return new Field() {
            @Override
            public Object value() {
                return empty && text.getText().isBlank() ? OMITTED : parseJson(text.getText(), path);
            }

            @Override
            public void set(Object value) {
                text.setText(toJson(value));
            }
        };
    }

    private static Composite row(Composite parent, int columns) {
        Composite row = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(columns, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        row.setLayout(layout);
        row.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return row;
    }

    private static JsonNode resolve(JsonNode schema, JsonNode root) {
        JsonNode current = schema;
        for (int depth = 0; depth < 32 && current.has("$ref") && root != null; depth++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                break;
            }
            current = root.at(ref.substring(1));
        }
        return current;
    }

    private static String firstNonNull(JsonNode types) {
        for (JsonNode type : types) {
            if (!"null".equals(type.asText())) {
                return type.asText();
            }
        }
        return "";
    }

    private static String example(JsonNode items, JsonNode root) {
        if (items.has("properties")) {
            List<String> names = new ArrayList<>();
            items.get("properties").fieldNames().forEachRemaining(names::add);
            return "{" + String.join(", ", names.stream().limit(3).map(name -> "\"" + name + "\": …").toList()) + "}";
        }
        return switch (items.path("type").asText()) {
            case "integer" -> "3";
            case "number" -> "0.5";
            case "boolean" -> "true";
            default -> "\"…\"";
        };
    }

    static Object parseJson(String text, String where) {
        try {
            return plain(JSON.readTree(text));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(Messages.bind(Messages.Form_notJson, where, e.getOriginalMessage()));
        }
    }

    /** JSON as the renderer's plain values: whole numbers Long, others BigDecimal. */
    static Object plain(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(entry -> map.put(entry.getKey(), plain(entry.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
