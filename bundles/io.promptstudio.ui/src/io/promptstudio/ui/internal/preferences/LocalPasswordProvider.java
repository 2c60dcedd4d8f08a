package io.promptstudio.ui.internal.preferences;

import io.promptstudio.ui.WorkbenchSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.spec.PBEKeySpec;
import org.eclipse.equinox.security.storage.provider.IPreferencesContainer;
import org.eclipse.equinox.security.storage.provider.PasswordProvider;

/**
 * The master password of secure storage where no keyring module is installed (a Linux desktop without the
 * GNOME keyring bundle, a test under Xvfb): a random secret made once, readable only by the user. Its priority is
 * the lowest, so a platform keyring provider wins wherever there is one.
 */
public final class LocalPasswordProvider extends PasswordProvider {

    @Override
    public PBEKeySpec getPassword(IPreferencesContainer container, int passwordType) {
        try {
            return new PBEKeySpec(secret().toCharArray());
        } catch (IOException e) {
            return null;
        }
    }

    private static synchronized String secret() throws IOException {
        Path file = WorkbenchSettings.home().resolve("secure-storage.secret");
        if (Files.isRegularFile(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        Path temporary = Files.createTempFile(file.getParent(), "secret", ".tmp");
        try {
            Files.setPosixFilePermissions(temporary, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the user's home folder protects it
        }
        Files.writeString(temporary, secret, StandardCharsets.US_ASCII);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return secret;
    }
}
