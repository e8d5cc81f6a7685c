package dev.opsflow.server.jobs.inventory;

import dev.opsflow.jobs.inventory.AccountService;
import dev.opsflow.jobs.inventory.AccountSpec;
import dev.opsflow.jobs.inventory.CredentialKind;
import dev.opsflow.jobs.inventory.CredentialService;
import dev.opsflow.jobs.inventory.CredentialSpec;
import dev.opsflow.server.auth.AuthFilter;
import dev.opsflow.server.api.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Credentials (write-only: responses carry name, kind, key type, fingerprint and creation only) and
 * the accounts that use them.
 */
@RestController
@RequestMapping("/api/v1/projects/{project}")
public class CredentialController {
    private static final Set<String> CREDENTIAL_FIELDS = Set.of("name", "kind", "privateKey", "passphrase", "password");
    private static final Set<String> ACCOUNT_FIELDS = Set.of("name", "user", "credential", "sudoUser");
    private final CredentialService credentials;
    private final AccountService accounts;

    public CredentialController(CredentialService credentials, AccountService accounts) {
        this.credentials = credentials;
        this.accounts = accounts;
    }

    @GetMapping("/credentials")
    List<Map<String, Object>> credentials(@PathVariable String project) {
        return credentials.list(project).stream().map(InventoryViews::credential).toList();
    }

    @PostMapping(path = "/credentials", consumes = "*/*")
    ResponseEntity<Map<String, Object>> createCredential(@PathVariable String project, @RequestBody(required = false) String text,
                                                         HttpServletRequest req) {
        var info = credentials.create(project, credential(RequestBodies.parse(text, req.getContentType(), CREDENTIAL_FIELDS)),
                AuthFilter.actor(req));
        return ResponseEntity.status(HttpStatus.CREATED).body(InventoryViews.credential(info));
    }

    @GetMapping("/credentials/{name}")
    Map<String, Object> credential(@PathVariable String project, @PathVariable String name) {
        return InventoryViews.credential(credentials.info(project, name));
    }

    /** Replaces the secret (rotation); same body as POST, its name must be absent or equal. */
    @PutMapping(path = "/credentials/{name}", consumes = "*/*")
    Map<String, Object> replaceCredential(@PathVariable String project, @PathVariable String name,
                                          @RequestBody(required = false) String text, HttpServletRequest req) {
        var body = RequestBodies.parse(text, req.getContentType(), CREDENTIAL_FIELDS);
        var spec = credential(body);
        if (spec.name() != null && !spec.name().equals(name)) {
            throw body.invalid("name", "'" + spec.name() + "' differs from the credential '" + name + "' being replaced");
        }
        return InventoryViews.credential(credentials.replace(project, name, spec, AuthFilter.actor(req)));
    }

    @DeleteMapping("/credentials/{name}")
    ResponseEntity<Void> deleteCredential(@PathVariable String project, @PathVariable String name) {
        credentials.delete(project, name);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/accounts")
    List<Map<String, Object>> accounts(@PathVariable String project) {
        return accounts.list(project).stream().map(InventoryViews::account).toList();
    }

    @PostMapping(path = "/accounts", consumes = "*/*")
    ResponseEntity<Map<String, Object>> createAccount(@PathVariable String project, @RequestBody(required = false) String text,
                                                      HttpServletRequest req) {
        var info = accounts.create(project, account(RequestBodies.parse(text, req.getContentType(), ACCOUNT_FIELDS)));
        return ResponseEntity.status(HttpStatus.CREATED).body(InventoryViews.account(info));
    }

    @GetMapping("/accounts/{name}")
    Map<String, Object> account(@PathVariable String project, @PathVariable String name) {
        return InventoryViews.account(accounts.info(project, name));
    }

    @PutMapping(path = "/accounts/{name}", consumes = "*/*")
    Map<String, Object> updateAccount(@PathVariable String project, @PathVariable String name,
                                      @RequestBody(required = false) String text, HttpServletRequest req) {
        return InventoryViews.account(accounts.update(project, name, account(RequestBodies.parse(text, req.getContentType(), ACCOUNT_FIELDS))));
    }

    @DeleteMapping("/accounts/{name}")
    ResponseEntity<Void> deleteAccount(@PathVariable String project, @PathVariable String name) {
        accounts.delete(project, name);
        return ResponseEntity.noContent().build();
    }

    private static CredentialSpec credential(RequestBodies body) {
        var kind = CredentialKind.parse(body.string("kind"));
        return new CredentialSpec(body.string("name"), kind, body.string("privateKey"),
                body.string("passphrase"), body.string("password"));
    }

    private static AccountSpec account(RequestBodies body) {
        return new AccountSpec(body.string("name"), body.string("user"),
                body.string("credential"), body.string("sudoUser"));
    }
}
