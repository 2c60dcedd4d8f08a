package io.promptstudio.dsl;

import io.promptstudio.dsl.scoping.PromptStudioQualifiedNameProvider;
import org.eclipse.xtext.naming.IQualifiedNameProvider;

/** Guice bindings of the language's run time; the generated base binds the rest. */
public class PromptStudioRuntimeModule extends AbstractPromptStudioRuntimeModule {

    @Override
    public Class<? extends IQualifiedNameProvider> bindIQualifiedNameProvider() {
        return PromptStudioQualifiedNameProvider.class;
    }
}
