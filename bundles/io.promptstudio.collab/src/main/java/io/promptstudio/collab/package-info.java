/**
 * Live co-editing for the workbench without SWT: {@link io.promptstudio.collab.CollabClient} connects to a sync
 * server (ours or any Hocuspocus-protocol server), {@link io.promptstudio.collab.SharedDocument} is one prompt
 * file as a Yjs document kept on disk for offline work, {@link io.promptstudio.collab.TextBinding} ties its text
 * to an editor's text.
 */
package io.promptstudio.collab;
