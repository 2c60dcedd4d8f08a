package io.promptstudio.dsl.scoping;

import io.promptstudio.dsl.promptStudio.PromptModel;
import org.eclipse.xtext.naming.DefaultDeclarativeQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;

/**
 * Names declarations by their file's namespace: {@code namespace support} plus {@code class Ticket} is
 * {@code support.Ticket}; enum values and fields are qualified by their type ({@code support.Priority.HIGH}).
 */
public class PromptStudioQualifiedNameProvider extends DefaultDeclarativeQualifiedNameProvider {

    /**
     * Called reflectively by the declarative provider for the file's root. A namespace the parser recovered as blank
     * names nothing: an empty name would make Xtext's import handling throw (found by fuzzing).
     */
    protected QualifiedName qualifiedName(PromptModel model) {
        String namespace = model.getNamespace();
        if (namespace == null || namespace.isBlank()) {
            return null;
        }
        QualifiedName name = getConverter().toQualifiedName(namespace);
        return name.isEmpty() ? null : name;
    }
}
