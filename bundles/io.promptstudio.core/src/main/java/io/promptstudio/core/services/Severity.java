package io.promptstudio.core.services;

/** How bad a diagnostic is. */
public enum Severity {
    ERROR, WARNING, INFO
}
