/** Files that must survive crashes: append-only record logs, and how the embedded databases open. */
package io.promptstudio.core.io;
