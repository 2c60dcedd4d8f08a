package io.promptstudio.dsl;

import io.promptstudio.dsl.formatting.PromptStudioFormatter;
import io.promptstudio.dsl.scoping.PromptStudioQualifiedNameProvider;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.naming.IQualifiedNameProvider;

/** Guice bindings of the language's run time; the generated base binds the rest. */
public class PromptStudioRuntimeModule extends AbstractPromptStudioRuntimeModule {

    @Override
    public Class<? extends IQualifiedNameProvider> bindIQualifiedNameProvider() {
        return PromptStudioQualifiedNameProvider.class;
    }

    public Class<? extends IFormatter2> bindIFormatter2() {
        return PromptStudioFormatter.class;
    }
}
