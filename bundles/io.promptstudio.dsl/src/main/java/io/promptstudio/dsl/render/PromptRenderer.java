package io.promptstudio.dsl.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import io.promptstudio.dsl.promptStudio.Argument;
import io.promptstudio.dsl.promptStudio.HistoryMessage;
import io.promptstudio.dsl.promptStudio.Message;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage.Literals;
import io.promptstudio.dsl.promptStudio.TemplateMessage;
import io.promptstudio.dsl.promptStudio.TestCase;
import io.promptstudio.dsl.schema.JsonSchemaGenerator;
import io.promptstudio.dsl.types.Types;
import io.promptstudio.dsl.validation.TemplateValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Turns a checked prompt and its arguments into the messages sent to a model: arguments are checked against the
 * parameter types first (every problem names the parameter and what was expected), defaults fill what was not
 * given, templates are rendered, {@code history} parameters become their messages, and {@code {{ output_format }}}
 * becomes the output's JSON Schema with an instruction to answer in it.
 */
public class PromptRenderer {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Inject
    private JsonSchemaGenerator schemas;

    @Inject
    private IQualifiedNameProvider names;

    /** Renders with the given arguments (plain Java values, as {@link TypedValues} describes). */
    public RenderedPrompt render(Prompt prompt, Map<String, ?> given) throws ArgumentException {
        List<String> problems = new ArrayList<>();
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (String name : given.keySet()) {
            if (prompt.getParameters().stream().noneMatch(parameter -> parameter.getName().equals(name))) {
                problems.add(name + ": " + prompt.getName() + " has no parameter '" + name + "' (parameters: "
                        + String.join(", ", prompt.getParameters().stream().map(Parameter::getName).toList()) + ")");
            }
        }
        for (Parameter parameter : prompt.getParameters()) {
            Object value;
            if (given.containsKey(parameter.getName())) {
                value = given.get(parameter.getName());
            } else if (parameter.getDefault() != null) {
                value = TypedValues.of(parameter.getDefault());
            } else if (Types.isOptional(parameter.getType())) {
                value = null;
            } else {
                problems.add(parameter.getName() + ": required parameter of type " + Types.describe(parameter.getType()) + " is not given");
                continue;
            }
            problems.addAll(TypedValues.problems(parameter.getName(), value, parameter.getType()));
            arguments.put(parameter.getName(), value);
        }
        if (!problems.isEmpty()) {
            throw new ArgumentException(problems);
        }
        ObjectNode schema = schemas.forOutput(prompt).schema();
        Map<String, Object> variables = new LinkedHashMap<>(arguments);
        // a prompt whose output is plain text has no format to ask for
        boolean plainText = Types.isPrimitive(prompt.getOutput(), io.promptstudio.dsl.promptStudio.PrimitiveKind.STRING);
        variables.putIfAbsent(TemplateValidator.OUTPUT_FORMAT, plainText ? "" : outputFormat(schema));
        List<RenderedPrompt.Message> messages = new ArrayList<>();
        for (Message message : prompt.getMessages()) {
            if (message instanceof TemplateMessage template) {
                boolean multiLine = isMultiLine(template);
                String content = TemplateRenderer.render(templateText(template), variables);
                // a block that rendered nothing at the end of a multi-line template leaves a line break no model needs
                messages.add(new RenderedPrompt.Message(template.getRole().getLiteral(), multiLine ? content.stripTrailing() : content));
            } else if (message instanceof HistoryMessage history && history.getParameter() != null
                    && arguments.get(history.getParameter().getName()) instanceof List<?> turns) {
                for (Object turn : turns) {
                    Map<?, ?> entry = (Map<?, ?>) turn;
                    messages.add(new RenderedPrompt.Message(String.valueOf(entry.get("role")), String.valueOf(entry.get("content"))));
                }
            }
        }
        var qualified = names.getFullyQualifiedName(prompt);
        return new RenderedPrompt(qualified == null ? prompt.getName() : qualified.toString(), List.copyOf(messages), arguments, schema,
                prompt.getProfile() == null || prompt.getProfile().eIsProxy() ? null : prompt.getProfile().getName());
    }

    /** A message's template as written, without its quotes and with a multi-line block's indentation laid out. */
    public static String templateText(TemplateMessage template) {
        String raw = NodeModelUtils.findNodesForFeature(template, Literals.TEMPLATE_MESSAGE__TEMPLATE).get(0).getText();
        boolean multiLine = raw.startsWith("\"\"\"");
        int quotes = multiLine ? 3 : 1;
        return TemplateRenderer.layout(raw.substring(quotes, raw.length() - quotes), multiLine);
    }

    private static boolean isMultiLine(TemplateMessage template) {
        return NodeModelUtils.findNodesForFeature(template, Literals.TEMPLATE_MESSAGE__TEMPLATE).get(0).getText().startsWith("\"\"\"");
    }

    /** Renders with a test's inputs. */
    public RenderedPrompt render(TestCase test) throws ArgumentException {
        return render(test.getPrompt(), inputs(test));
    }

    /** A test's inputs as plain Java values, by parameter name (inputs naming no parameter are left out). */
    public static Map<String, Object> inputs(TestCase test) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (Argument argument : test.getArguments()) {
            if (argument.getParameter() != null && !argument.getParameter().eIsProxy()) {
                inputs.put(argument.getParameter().getName(), TypedValues.of(argument.getValue()));
            }
        }
        return inputs;
    }

    /** What {@code {{ output_format }}} becomes: an instruction and the schema, which models follow best as a fenced block. */
    static String outputFormat(ObjectNode schema) {
        try {
            return "Answer with JSON only, matching this JSON Schema:\n```json\n" + JSON.writeValueAsString(schema) + "\n```";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
