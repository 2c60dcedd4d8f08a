package io.promptstudio.sync.storage;

import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.storage.StoreRecords.Account;
import java.time.Clock;
import java.util.Optional;

/**
 * The accounts of the password login: one row per tenant and user, the password only as a hash.
 */
final class H2Accounts {

    private final H2Database db;
    private final Clock clock;

    H2Accounts(H2Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Optional<Account> account(String tenant, String user) {
        return db.query("read an account", "SELECT tenant, user_id, password_hash, role FROM accounts WHERE tenant = ? AND user_id = ?",
                rows -> new Account(rows.getString(1), rows.getString(2), rows.getString(3), Role.parse(rows.getString(4))),
                tenant, user).stream().findFirst();
    }

    void putAccount(Account account) {
        long now = clock.millis();
        db.inTransaction("store an account", connection -> {
            if (H2Database.update(connection, "UPDATE accounts SET password_hash = ?, role = ?, updated_at = ? WHERE tenant = ? AND user_id = ?",
                    account.passwordHash(), account.role().id(), now, account.tenant(), account.user()) == 0) {
                H2Database.update(connection, "INSERT INTO accounts VALUES (?, ?, ?, ?, ?)", account.tenant(), account.user(),
                        account.passwordHash(), account.role().id(), now);
            }
            return null;
        });
    }
}
