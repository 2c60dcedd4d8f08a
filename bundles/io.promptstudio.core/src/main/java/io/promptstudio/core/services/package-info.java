/**
 * Service interfaces that the workbench, the CLI and the sync server program against, and that
 * the language, runtime, store and search bundles implement. No SWT, no Netty, no Eclipse runtime.
 */
package io.promptstudio.core.services;
