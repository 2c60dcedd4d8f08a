package io.promptstudio.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.dsl.promptStudio.Field;
import io.promptstudio.dsl.promptStudio.ListType;
import io.promptstudio.dsl.promptStudio.NamedType;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.PrimitiveKind;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.RecordType;
import io.promptstudio.dsl.types.Types;
import io.promptstudio.search.WorkspaceSearch;
import io.promptstudio.search.index.IndexException;
import io.promptstudio.search.retrieve.ContextPacker;
import io.promptstudio.search.retrieve.Passages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code run --retrieve PARAM[=QUESTION]}: fills a parameter of a list-of-records type (such as {@code Passage[]})
 * with the chunks retrieval packs for the question argument, each record given the fields it declares among
 * {@link Passages#FIELDS}. The prompt stays an ordinary typed
 * function: the checker, tests and the playground see a parameter like any other.
 */
final class RetrievedContext {

    private RetrievedContext() {
    }

    /**
     * The {@code --arg} that carries the retrieved context.
     *
     * @param spec      {@code PARAM} or {@code PARAM=QUESTION_PARAM}; without a question parameter, the only text
     *                  parameter given with {@code --arg} is the question
     * @param arguments the {@code --arg NAME=VALUE} options given
     */
    static String argument(Prompt prompt, String spec, List<String> arguments, Path workspace, int budget, PrintWriter err)
            throws IOException, IndexException {
        int equals = spec.indexOf('=');
        String target = equals < 0 ? spec : spec.substring(0, equals);
        Parameter parameter = prompt.getParameters().stream().filter(p -> p.getName().equals(target)).findFirst()
                .orElseThrow(() -> usage("--retrieve " + spec + ": " + prompt.getName() + " has no parameter '" + target + "'"));
        List<String> fields = recordFields(prompt, parameter);
        String question = equals < 0 ? onlyTextArgument(prompt, arguments, spec) : spec.substring(equals + 1);
        String questionText = arguments.stream().filter(argument -> argument.startsWith(question + "=")).map(argument -> argument.substring(question.length() + 1))
                .findFirst().orElseThrow(() -> usage("--retrieve " + spec + ": give the question with --arg " + question + "=…"));
        ContextPacker.Packed packed;
        try (WorkspaceSearch search = SearchCommand.openSynced(workspace, "run", err)) {
            packed = ContextPacker.pack(search.retriever().retrieve(questionText, 20, List.of()), budget);
        }
        List<Map<String, Object>> records = Passages.records(packed.chunks(), fields);
        err.printf("retrieved %d passage%s (%d of %d tokens) for %s%n", records.size(), records.size() == 1 ? "" : "s", packed.tokens(), budget, target);
        try {
            return target + "=" + new ObjectMapper().writeValueAsString(records);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fields retrieval fills in the parameter's record type; refuses a type it cannot fill, saying why. */
    private static List<String> recordFields(Prompt prompt, Parameter parameter) {
        var type = Types.unwrapOptional(parameter.getType());
        if (!(type instanceof ListType list) || !(Types.unwrapOptional(list.getElement()) instanceof NamedType named)
                || !(named.getType() instanceof RecordType record)) {
            throw usage("--retrieve " + parameter.getName() + ": the parameter must be a list of records (such as Passage[]), not "
                    + Types.describe(parameter.getType()));
        }
        List<String> required = record.getFields().stream().filter(field -> !Types.isOptional(field.getType())).map(Field::getName).toList();
        List<String> unfillable = Passages.unfillable(required);
        if (!unfillable.isEmpty()) {
            throw usage("--retrieve " + parameter.getName() + ": " + record.getName() + "'s field '" + unfillable.get(0)
                    + "' is not something retrieval gives (it gives " + String.join(", ", Passages.FIELDS) + ")");
        }
        return record.getFields().stream().map(Field::getName).toList();
    }

    private static String onlyTextArgument(Prompt prompt, List<String> arguments, String spec) {
        Set<String> given = new java.util.HashSet<>();
        arguments.forEach(argument -> given.add(argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument));
        List<String> text = prompt.getParameters().stream()
                .filter(p -> Types.isPrimitive(Types.unwrapOptional(p.getType()), PrimitiveKind.STRING) && given.contains(p.getName()))
                .map(Parameter::getName).toList();
        if (text.size() != 1) {
            throw usage("--retrieve " + spec + ": name the question's parameter, as --retrieve " + spec + "=PARAM (text arguments given: "
                    + (text.isEmpty() ? "none" : String.join(", ", text)) + ")");
        }
        return text.get(0);
    }

    private static CommandFailure usage(String message) {
        return new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio run: " + message);
    }
}
