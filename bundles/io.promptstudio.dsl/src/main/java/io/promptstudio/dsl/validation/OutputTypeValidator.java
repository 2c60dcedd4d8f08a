package io.promptstudio.dsl.validation;

import com.google.inject.Inject;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage;
import io.promptstudio.dsl.schema.JsonSchemaGenerator;
import org.eclipse.xtext.validation.Check;

/** A prompt's output type must have a JSON Schema: providers' structured-output modes and our output parser need one. */
public class OutputTypeValidator extends ComposedValidator {

    @Inject
    private JsonSchemaGenerator schemas;

    @Check
    public void checkOutputHasJsonSchema(Prompt prompt) {
        if (prompt.getOutput() == null) {
            return;
        }
        for (JsonSchemaGenerator.Problem problem : schemas.problems(prompt.getOutput())) {
            String message = "The output of " + prompt.getName() + " cannot be expressed as JSON Schema: " + problem.message();
            // A type from another file is reported on this prompt's output: a finding is placed in the file being checked.
            if (problem.where().eResource() == prompt.eResource()) {
                error(message, problem.where(), null, IssueCodes.NOT_JSON_SCHEMA);
            } else {
                error(message, prompt, PromptStudioPackage.Literals.PROMPT__OUTPUT, IssueCodes.NOT_JSON_SCHEMA);
            }
        }
    }
}
