package io.promptstudio.dsl.scoping;

import io.promptstudio.dsl.promptStudio.PromptModel;
import org.eclipse.xtext.naming.DefaultDeclarativeQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;

/**
 * Names declarations by their file's namespace: {@code namespace support} plus {@code class Ticket} is
 * {@code support.Ticket}; enum values and fields are qualified by their type ({@code support.Priority.HIGH}).
 */
public class PromptStudioQualifiedNameProvider extends DefaultDeclarativeQualifiedNameProvider {

    /** Called reflectively by the declarative provider for the file's root. */
    protected QualifiedName qualifiedName(PromptModel model) {
        return model.getNamespace() == null ? null : getConverter().toQualifiedName(model.getNamespace());
    }
}
