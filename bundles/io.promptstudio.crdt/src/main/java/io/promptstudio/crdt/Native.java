package io.promptstudio.crdt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The JNI functions of our yrs crate ({@code native/src/lib.rs}), and the loading of the library: from
 * {@code java.library.path} where an OSGi fragment or the installer put it, else from inside this jar.
 * Everything here is called by {@link Doc} under its lock.
 */
final class Native {

    static final String LIBRARY = "promptstudio_crdt";
    /** The version of the native functions this class calls; {@code ABI_VERSION} in {@code native/src/lib.rs}. */
    static final int ABI_VERSION = 4;

    static {
        load();
        int found = abiVersion();
        if (found != ABI_VERSION) {
            throw new IllegalStateException("the CRDT native library (" + System.mapLibraryName(LIBRARY) + ") has version " + found
                    + " of its functions but this jar needs " + ABI_VERSION + ": a stale copy is installed (rebuild the platform fragment)");
        }
    }

    static native int abiVersion();

    private Native() {
    }

    /** {@code linux-x86_64} and the like: the folder of the jar that holds this platform's library. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.contains("linux") ? "linux" : os.contains("mac") ? "macos" : os.contains("windows") ? "windows" : os;
        String archName = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return osName + "-" + archName;
    }

    private static void load() {
        try {
            System.loadLibrary(LIBRARY);
            return;
        } catch (UnsatisfiedLinkError notOnPath) {
            // not installed beside the JVM: use the copy inside the jar
        }
        String resource = "/native/" + platform() + "/" + System.mapLibraryName(LIBRARY);
        try (InputStream in = Native.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the CRDT library has no build for this platform (" + platform() + "): "
                        + resource + " is not in the jar; builds exist for linux-x86_64");
            }
            Path file = Files.createTempFile("promptstudio-crdt-", "-" + System.mapLibraryName(LIBRARY));
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new IllegalStateException("the CRDT library cannot be unpacked for " + platform() + ": " + e.getMessage(), e);
        }
    }

    static native long docNew(long clientId, boolean gc);

    static native void docFree(long doc);

    static native byte[] textInsert(long doc, String name, int index, String chunk, String attributesJson);

    static native byte[] textDelete(long doc, String name, int index, int length);

    static native byte[] textFormat(long doc, String name, int index, int length, String attributesJson);

    static native String textString(long doc, String name);

    static native String textDelta(long doc, String name);

    static native byte[] mapSet(long doc, String name, String key, String valueJson);

    static native byte[] mapRemove(long doc, String name, String key);

    static native String mapJson(long doc, String name);

    static native byte[] textStickyIndex(long doc, String name, int index, boolean before);

    static native int stickyIndexOffset(long doc, byte[] position);

    static native byte[] arrayInsert(long doc, String name, int index, String valuesJson);

    static native byte[] arrayDelete(long doc, String name, int index, int length);

    static native String arrayJson(long doc, String name);

    static native byte[] transact(long doc, String origin, String operationsJson);

    static native long undoNew(long doc, String[] texts, String origin, long captureMillis);

    static native void undoFree(long undo);

    static native byte[] undoStep(long doc, long undo, boolean redo);

    static native void textObserve(long doc, String name);

    static native String[] drainEvents(long doc);

    static native void mapObserve(long doc, String name);

    static native void arrayObserve(long doc, String name);

    static native byte[] textInsertEmbed(long doc, String name, int index, String embedJson);

    /** {@code kind}: 0 text, 1 map, 2 array. */
    static native byte[] mapSetType(long doc, String name, String key, int kind);

    /** The kind ({@code T}, {@code M}, {@code A}) and address of the type at the key, or null. */
    static native String mapTypeAt(long doc, String name, String key);

    static native byte[] arrayInsertType(long doc, String name, int index, int kind);

    static native String arrayTypeAt(long doc, String name, int index);

    static native void observeDeep(long doc, String name, int kind);

    static native long benchReplay(long doc, String name, int[] positions, int[] deleted, String[] inserted, boolean encode);

    static native byte[] stateVector(long doc);

    static native byte[] encodeStateAsUpdate(long doc, byte[] remoteStateVector, boolean v2);

    static native byte[] applyUpdate(long doc, byte[] update, boolean v2);

    static native byte[] snapshot(long doc);

    static native byte[] mergeUpdates(byte[][] updates);

    static native byte[] stateVectorFromUpdate(byte[] update);

    static native byte[] diffUpdate(byte[] update, byte[] stateVector);

    static native byte[] convertV1ToV2(byte[] update);
}
