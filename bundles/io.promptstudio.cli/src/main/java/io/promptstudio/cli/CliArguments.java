package io.promptstudio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.PrimitiveKind;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.TypedValues;
import io.promptstudio.dsl.types.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code --arg NAME=VALUE} options of {@code render} and {@code run}. */
final class CliArguments {

    private CliArguments() {
    }

    /** {@code name=value} pairs, typed by the parameters: text as written, anything else as JSON. */
    static Map<String, Object> parse(Prompt prompt, List<String> arguments) throws ArgumentException {
        return parse(prompt.getParameters(), arguments);
    }

    /** {@code name=value} pairs, typed by these parameters (a prompt's or a chain's). */
    static Map<String, Object> parse(List<Parameter> parameters, List<String> arguments) throws ArgumentException {
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        ObjectMapper json = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            if (equals <= 0) {
                problems.add(argument + ": write --arg NAME=VALUE");
                continue;
            }
            String key = argument.substring(0, equals);
            String text = argument.substring(equals + 1);
            Parameter parameter = parameters.stream().filter(p -> p.getName().equals(key)).findFirst().orElse(null);
            if (parameter != null && takesText(parameter)) {
                values.put(key, text);
                continue;
            }
            try {
                values.put(key, TypedValues.plain(json.readValue(text, Object.class)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                problems.add(key + ": '" + text + "' is not JSON (" + e.getOriginalMessage() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new ArgumentException(problems);
        }
        return values;
    }

    private static boolean takesText(Parameter parameter) {
        var type = Types.unwrapOptional(parameter.getType());
        return Types.isPrimitive(type, PrimitiveKind.STRING) || Types.isEnum(type);
    }
}
