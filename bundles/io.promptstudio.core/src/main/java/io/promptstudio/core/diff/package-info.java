/** Differences between texts, line by line: for version history in the workbench and on the sync server. */
package io.promptstudio.core.diff;
