/** Files that must survive crashes: append-only record logs. */
package io.promptstudio.core.io;
