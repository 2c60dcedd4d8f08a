/** The sync server as a library: started in-process by the workbench. */
package io.promptstudio.sync.embedded;
