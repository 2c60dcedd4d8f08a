package io.promptstudio.dsl.yaml;

import io.promptstudio.dsl.promptStudio.Argument;
import io.promptstudio.dsl.promptStudio.BooleanLiteral;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.Dataset;
import io.promptstudio.dsl.promptStudio.DatasetRow;
import io.promptstudio.dsl.promptStudio.Element;
import io.promptstudio.dsl.promptStudio.EnumType;
import io.promptstudio.dsl.promptStudio.EnumValue;
import io.promptstudio.dsl.promptStudio.Eval;
import io.promptstudio.dsl.promptStudio.EvalAssertion;
import io.promptstudio.dsl.promptStudio.Expression;
import io.promptstudio.dsl.promptStudio.Field;
import io.promptstudio.dsl.promptStudio.HistoryMessage;
import io.promptstudio.dsl.promptStudio.Import;
import io.promptstudio.dsl.promptStudio.ListValue;
import io.promptstudio.dsl.promptStudio.Message;
import io.promptstudio.dsl.promptStudio.NullLiteral;
import io.promptstudio.dsl.promptStudio.NumberLiteral;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.Profile;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.PromptModel;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage.Literals;
import io.promptstudio.dsl.promptStudio.RecordType;
import io.promptstudio.dsl.promptStudio.Setting;
import io.promptstudio.dsl.promptStudio.Stage;
import io.promptstudio.dsl.promptStudio.StringLiteral;
import io.promptstudio.dsl.promptStudio.TemplateMessage;
import io.promptstudio.dsl.promptStudio.TestCase;
import io.promptstudio.dsl.promptStudio.TypeAlias;
import io.promptstudio.dsl.promptStudio.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;

/**
 * Writes a prompt file in its YAML form (see docs/language.md, "YAML form"). The structure — declarations,
 * fields, parameters, messages, settings, tests — is YAML; types, default values, test inputs and expectations
 * are kept as the language's own text, exactly as written. Comments before the file, a declaration or a field
 * are kept; a comment anywhere else cannot be placed in YAML, so the export refuses rather than drop it.
 */
public final class YamlExport {

    /** The version of the YAML form this writes; {@link YamlImport} reads it. */
    public static final int FORMAT = 1;

    private final String text;
    private final Map<Integer, List<String>> commentsByOffset = new HashMap<>();
    private final TreeMap<Integer, Integer> verbatim = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private List<String> trailingComments = List.of();

    private YamlExport(String text) {
        this.text = text;
    }

    /**
     * The YAML form of a parsed file.
     *
     * @throws YamlException when the file has syntax errors or comments that the YAML form cannot hold
     */
    public static String export(XtextResource resource, String fileName) throws YamlException {
        if (resource.getParseResult() == null || resource.getParseResult().hasSyntaxErrors()) {
            throw new YamlException(List.of(fileName + ": it has syntax errors; run promptstudio check to see them"));
        }
        if (resource.getContents().isEmpty()) {
            String text = resource.getParseResult().getRootNode() == null ? "" : resource.getParseResult().getRootNode().getText();
            if (!text.isBlank()) {
                throw new YamlException(List.of(fileName + ": it holds comments and no declaration; the YAML form keeps comments "
                        + "only with a declaration or the file's header"));
            }
            Map<String, Object> empty = new LinkedHashMap<>();
            empty.put(YamlForm.FORMAT_KEY, FORMAT);
            empty.put("declarations", List.of());
            return dump(empty);
        }
        if (!(resource.getContents().get(0) instanceof PromptModel model)) {
            throw new YamlException(List.of(fileName + ": it has syntax errors; run promptstudio check to see them"));
        }
        ICompositeNode root = resource.getParseResult().getRootNode();
        YamlExport export = new YamlExport(root.getText());
        Map<String, Object> document = export.document(model, root);
        if (!export.problems.isEmpty()) {
            throw new YamlException(export.problems.stream().map(problem -> fileName + ":" + problem).toList());
        }
        return dump(document);
    }

    private Map<String, Object> document(PromptModel model, ICompositeNode root) {
        markVerbatim(model);
        assignComments(model, root);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(YamlForm.FORMAT_KEY, FORMAT);
        INode firstToken = NodeModelUtils.findActualNodeFor(model);
        putComments(document, firstToken == null ? text.length() : firstToken.getOffset());
        if (model.getNamespace() != null) {
            document.put("namespace", model.getNamespace());
        }
        if (!model.getImports().isEmpty()) {
            document.put("imports", model.getImports().stream().map(Import::getImportedNamespace).toList());
        }
        List<Object> declarations = new ArrayList<>();
        for (Element element : model.getElements()) {
            declarations.add(declaration(element));
        }
        document.put("declarations", declarations);
        if (!trailingComments.isEmpty()) {
            document.put("trailing-comments", trailingComments);
        }
        return document;
    }

    private Map<String, Object> declaration(Element element) {
        Map<String, Object> entry = new LinkedHashMap<>();
        switch (element) {
            case EnumType enumType -> {
                entry.put("enum", enumType.getName());
                putComments(entry, start(enumType));
                if (source(enumType).contains("\n")) {
                    entry.put("one-per-line", true);
                }
                entry.put("values", enumType.getValues().stream().map(this::source).toList());
            }
            case RecordType record -> {
                entry.put("class", record.getName());
                putComments(entry, start(record));
                List<Object> fields = new ArrayList<>();
                for (Field field : record.getFields()) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put(field.getName(), sourceAfter(field, Literals.FIELD__NAME, ":"));
                    putComments(item, start(field));
                    fields.add(item);
                }
                entry.put("fields", fields);
            }
            case TypeAlias alias -> {
                entry.put("type", alias.getName());
                putComments(entry, start(alias));
                entry.put("is", source(alias.getType()));
            }
            case Profile profile -> {
                entry.put("profile", profile.getName());
                putComments(entry, start(profile));
                if (profile.getParent() != null) {
                    entry.put("extends", reference(profile, Literals.PROFILE__PARENT));
                }
                Map<String, Object> settings = new LinkedHashMap<>();
                for (Setting setting : profile.getSettings()) {
                    if (settings.put(setting.getKey(), settingValue(setting.getValue())) != null) {
                        problems.add(line(setting) + ": setting '" + setting.getKey() + "' is given twice; a YAML mapping holds it once");
                    }
                }
                entry.put("settings", settings);
            }
            case Prompt prompt -> {
                entry.put("prompt", prompt.getName());
                putComments(entry, start(prompt));
                List<Object> parameters = new ArrayList<>();
                for (Parameter parameter : prompt.getParameters()) {
                    parameters.add(Map.of(parameter.getName(), sourceAfter(parameter, Literals.PARAMETER__NAME, ":")));
                }
                entry.put("parameters", parameters);
                entry.put("returns", source(prompt.getOutput()));
                if (prompt.getProfile() != null) {
                    entry.put("using", reference(prompt, Literals.PROMPT__PROFILE));
                }
                List<Object> messages = new ArrayList<>();
                for (Message message : prompt.getMessages()) {
                    messages.add(message(message));
                }
                entry.put("messages", messages);
            }
            case TestCase test -> {
                entry.put("test", test.getName());
                putComments(entry, start(test));
                entry.put("for", reference(test, Literals.TEST_CASE__PROMPT));
                if (hasKeyword(test, "input")) {
                    List<Object> inputs = new ArrayList<>();
                    for (Argument argument : test.getArguments()) {
                        inputs.add(Map.of(reference(argument, Literals.ARGUMENT__PARAMETER), source(argument.getValue())));
                    }
                    entry.put("input", inputs);
                }
                if (hasKeyword(test, "expect")) {
                    entry.put("expect", test.getAssertions().stream().map(this::source).toList());
                }
            }
            case Dataset dataset -> {
                entry.put("dataset", dataset.getName());
                putComments(entry, start(dataset));
                entry.put("for", reference(dataset, Literals.DATASET__PROMPT));
                if (dataset.getSource() != null) {
                    entry.put("from", dataset.getSource());
                } else {
                    List<Object> rows = new ArrayList<>();
                    for (DatasetRow row : dataset.getRows()) {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put("input", source(row.getInputs()));
                        if (row.getExpected() != null) {
                            item.put("expected", source(row.getExpected()));
                        }
                        rows.add(item);
                    }
                    entry.put("rows", rows);
                }
            }
            case Eval eval -> {
                entry.put("eval", eval.getName());
                putComments(entry, start(eval));
                entry.put("prompts", references(eval, Literals.EVAL__PROMPTS));
                if (!eval.getProfiles().isEmpty()) {
                    entry.put("profiles", references(eval, Literals.EVAL__PROFILES));
                }
                entry.put("dataset", reference(eval, Literals.EVAL__DATASET));
                if (hasKeyword(eval, "repeat")) {
                    entry.put("repeat", new YamlForm.Number(String.valueOf(eval.getRepeat())));
                }
                if (eval.getThreshold() != null) {
                    entry.put("threshold", new YamlForm.Number(eval.getThreshold()));
                }
                if (eval.getSuiteThreshold() != null) {
                    entry.put("suite", new YamlForm.Number(eval.getSuiteThreshold()));
                }
                if (eval.getBudget() != null) {
                    entry.put("budget", new YamlForm.Number(eval.getBudget()));
                }
                List<Object> assertions = new ArrayList<>();
                for (EvalAssertion assertion : eval.getAssertions()) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("name", assertion.getName());
                    item.put("check", source(assertion.getJudgement() != null ? assertion.getJudgement() : assertion.getCondition()));
                    if (assertion.getWeight() != null) {
                        item.put("weight", new YamlForm.Number(assertion.getWeight()));
                    }
                    assertions.add(item);
                }
                entry.put("assert", assertions);
                if (eval.getPairwise() != null) {
                    entry.put("pairwise", reference(eval, Literals.EVAL__PAIRWISE));
                    if (eval.getPairwiseProfile() != null) {
                        entry.put("pairwise_profile", reference(eval, Literals.EVAL__PAIRWISE_PROFILE));
                    }
                }
            }
            case Chain chain -> {
                entry.put("chain", chain.getName());
                putComments(entry, start(chain));
                List<Object> parameters = new ArrayList<>();
                for (Parameter parameter : chain.getParameters()) {
                    parameters.add(Map.of(parameter.getName(), sourceAfter(parameter, Literals.PARAMETER__NAME, ":")));
                }
                entry.put("parameters", parameters);
                entry.put("returns", source(chain.getOutput()));
                List<Object> stages = new ArrayList<>();
                for (Stage stage : chain.getStages()) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put(stage.getName(), source(stage.getStep()));
                    putComments(item, start(stage));
                    stages.add(item);
                }
                entry.put("stages", stages);
                if (chain.getResult() != null) {
                    entry.put("return", source(chain.getResult()));
                }
            }
            default -> problems.add(line(element) + ": this kind of declaration has no YAML form");
        }
        return entry;
    }

    private Map<String, Object> message(Message message) {
        Map<String, Object> item = new LinkedHashMap<>();
        if (message instanceof HistoryMessage history) {
            item.put("history", reference(history, Literals.HISTORY_MESSAGE__PARAMETER));
        } else if (message instanceof TemplateMessage template) {
            String raw = NodeModelUtils.findNodesForFeature(template, Literals.TEMPLATE_MESSAGE__TEMPLATE).get(0).getText();
            boolean triple = raw.startsWith("\"\"\"");
            int quotes = triple ? 3 : 1;
            String content = raw.substring(quotes, raw.length() - quotes);
            String block = triple ? YamlForm.dedent(content) : null;
            item.put(template.getRole().getLiteral(), block != null ? block : content);
            if (!triple) {
                item.put("inline", true);
            } else if (block == null) {
                item.put("verbatim", true);
            }
        }
        return item;
    }

    private Object settingValue(Value value) {
        return switch (value) {
            case StringLiteral string -> string.getValue();
            case NumberLiteral number -> new YamlForm.Number(number.getValue());
            case BooleanLiteral bool -> bool.isValue();
            case NullLiteral ignored -> new YamlForm.Null();
            case ListValue list -> list.getItems().stream().map(this::settingValue).toList();
            default -> new YamlForm.Source(source(value));
        };
    }

    /** The exact source text of an element, without leading comments. */
    private String source(EObject object) {
        INode node = NodeModelUtils.findActualNodeFor(object);
        return node == null ? "" : text.substring(node.getOffset(), node.getEndOffset());
    }

    /** The source after a feature and a separator: {@code string @minLength(3)} of {@code title: string @minLength(3)}. */
    private String sourceAfter(EObject object, EStructuralFeature feature, String separator) {
        INode node = NodeModelUtils.findActualNodeFor(object);
        INode name = NodeModelUtils.findNodesForFeature(object, feature).get(0);
        String rest = text.substring(name.getEndOffset(), node.getEndOffset()).strip();
        return rest.startsWith(separator) ? rest.substring(separator.length()).strip() : rest;
    }

    private String reference(EObject object, EStructuralFeature feature) {
        return NodeModelUtils.findNodesForFeature(object, feature).stream().map(n -> NodeModelUtils.getTokenText(n)).findFirst().orElse("");
    }

    private List<String> references(EObject object, EStructuralFeature feature) {
        return NodeModelUtils.findNodesForFeature(object, feature).stream().map(NodeModelUtils::getTokenText).toList();
    }

    private static boolean hasKeyword(EObject object, String keyword) {
        for (ILeafNode leaf : NodeModelUtils.findActualNodeFor(object).getLeafNodes()) {
            if (leaf.getGrammarElement() instanceof org.eclipse.xtext.Keyword k && k.getValue().equals(keyword)
                    && leaf.getSemanticElement() == object) {
                return true;
            }
        }
        return false;
    }

    /** Offsets inside these ranges are copied verbatim, comments included. */
    private void markVerbatim(PromptModel model) {
        model.eAllContents().forEachRemaining(object -> {
            if (object instanceof io.promptstudio.dsl.promptStudio.TypeRef && !(object.eContainer() instanceof io.promptstudio.dsl.promptStudio.TypeRef)
                    || object instanceof Value && !(object.eContainer() instanceof Value) || object instanceof EnumValue
                    || object instanceof Expression && object.eContainer() instanceof TestCase
                    || object instanceof io.promptstudio.dsl.promptStudio.Step && object.eContainer() instanceof Stage) {
                INode node = NodeModelUtils.findActualNodeFor(object);
                if (node != null) {
                    verbatim.put(node.getOffset(), node.getEndOffset());
                }
            }
            if (object instanceof Field || object instanceof Parameter) {
                INode node = NodeModelUtils.findActualNodeFor(object);
                INode name = NodeModelUtils.findNodesForFeature(object,
                        object instanceof Field ? Literals.FIELD__NAME : Literals.PARAMETER__NAME).get(0);
                verbatim.put(name.getEndOffset(), node.getEndOffset());
            }
        });
    }

    /** Gives each comment to the declaration or field that follows it; a comment elsewhere is a problem. */
    private void assignComments(PromptModel model, ICompositeNode root) {
        java.util.Set<Integer> owners = new java.util.HashSet<>();
        INode first = NodeModelUtils.findActualNodeFor(model);
        owners.add(first == null ? text.length() : first.getOffset());
        for (EObject object : (Iterable<EObject>) model::eAllContents) {
            if (object instanceof Element || object instanceof Field || object instanceof Stage) {
                owners.add(start(object));
            }
        }
        List<ILeafNode> pending = new ArrayList<>();
        for (ILeafNode leaf : root.getLeafNodes()) {
            if (leaf.isHidden()) {
                String value = leaf.getText();
                if (value.startsWith("/*") || value.startsWith("//")) {
                    pending.add(leaf);
                }
                continue;
            }
            if (pending.isEmpty()) {
                continue;
            }
            int at = leaf.getOffset();
            if (owners.contains(at)) {
                commentsByOffset.put(at, pending.stream().map(c -> c.getText().stripTrailing()).toList());
            } else {
                for (ILeafNode comment : pending) {
                    var range = verbatim.floorEntry(comment.getOffset());
                    if (range == null || comment.getEndOffset() > range.getValue()) {
                        problems.add(comment.getStartLine() + ": this comment is inside a declaration, where the YAML form "
                                + "cannot keep it; move it before the declaration or the field");
                    }
                }
            }
            pending = new ArrayList<>();
        }
        trailingComments = pending.stream().map(c -> c.getText().stripTrailing()).toList();
    }

    private void putComments(Map<String, Object> entry, int offset) {
        List<String> comments = commentsByOffset.get(offset);
        if (comments != null && !comments.isEmpty()) {
            entry.put("comments", comments);
        }
    }

    private static int start(EObject object) {
        INode node = NodeModelUtils.findActualNodeFor(object);
        return node == null ? -1 : node.getOffset();
    }

    private static int line(EObject object) {
        INode node = NodeModelUtils.findActualNodeFor(object);
        return node == null ? 0 : node.getStartLine();
    }

    private static String dump(Object document) {
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2).setIndicatorIndent(0)
                .setWidth(Integer.MAX_VALUE).build();
        StandardRepresenter representer = new StandardRepresenter(settings) {
            {
                representers.put(String.class, data -> {
                    String value = (String) data;
                    return representScalar(Tag.STR, value, YamlForm.style(value));
                });
                representers.put(YamlForm.Number.class, data -> {
                    String value = ((YamlForm.Number) data).text();
                    return representScalar(value.contains(".") ? Tag.FLOAT : Tag.INT, value, ScalarStyle.PLAIN);
                });
                representers.put(YamlForm.Null.class, data -> representScalar(Tag.NULL, "null", ScalarStyle.PLAIN));
                representers.put(YamlForm.Source.class, data -> representScalar(YamlForm.SOURCE_TAG, ((YamlForm.Source) data).text(),
                        ScalarStyle.PLAIN));
            }
        };
        return new Dump(settings, representer).dumpToString(document);
    }
}
