package io.promptstudio.runs;

/** Where provider keys come from: the environment for the CLI, secure storage in the workbench, a tenant's keys on a server. */
@FunctionalInterface
public interface KeySource {

    /** The key stored under an environment variable's name ({@code OPENAI_API_KEY}, …), or null when there is none. */
    String key(String variable);

    static KeySource environment() {
        return System::getenv;
    }
}
