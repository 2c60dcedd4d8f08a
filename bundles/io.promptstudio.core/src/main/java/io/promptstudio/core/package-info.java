/**
 * The domain model of a prompt workspace: workspaces, projects and prompt files on disk.
 * Plain Java, shared by the workbench, the CLI and the sync server.
 */
package io.promptstudio.core;
