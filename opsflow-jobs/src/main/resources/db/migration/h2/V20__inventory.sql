-- Inventory: hosts, host groups, credentials, accounts, accepted SSH host keys and per-project
-- inventory settings (H2). Kept in step with db/migration/postgresql/V20__inventory.sql: only the
-- large-text type differs (CLOB here, TEXT there). Labels and group members are JSON text.

CREATE TABLE inv_host (
    project    VARCHAR(200) NOT NULL,
    name       VARCHAR(255) NOT NULL,
    address    VARCHAR(255) NOT NULL,
    port       INTEGER      NOT NULL,
    os         VARCHAR(100) NOT NULL,
    labels     CLOB         NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (project, name)
);
CREATE INDEX inv_host_address ON inv_host (address, port);

CREATE TABLE inv_host_group (
    project    VARCHAR(200) NOT NULL,
    name       VARCHAR(200) NOT NULL,
    kind       VARCHAR(16)  NOT NULL,
    members    CLOB,
    selector   CLOB,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (project, name)
);

-- secret: SecretCodec stored form (enc:v1:...) of a JSON document; never selected by list queries
CREATE TABLE inv_credential (
    project     VARCHAR(200) NOT NULL,
    name        VARCHAR(200) NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    secret      CLOB         NOT NULL,
    key_type    VARCHAR(64),
    fingerprint VARCHAR(128),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(200) NOT NULL,
    PRIMARY KEY (project, name)
);

CREATE TABLE inv_account (
    project    VARCHAR(200) NOT NULL,
    name       VARCHAR(200) NOT NULL,
    os_user    VARCHAR(100) NOT NULL,
    credential VARCHAR(200),
    sudo_user  VARCHAR(100),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (project, name)
);
CREATE INDEX inv_account_credential ON inv_account (project, credential);

-- one key per SSH endpoint, shared by every project (a key belongs to a machine, not a tenant)
CREATE TABLE known_host (
    address     VARCHAR(255) NOT NULL,
    port        INTEGER      NOT NULL,
    public_key  CLOB         NOT NULL,
    key_type    VARCHAR(64)  NOT NULL,
    fingerprint VARCHAR(128) NOT NULL,
    first_seen  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (address, port)
);

CREATE TABLE inv_setting (
    project    VARCHAR(200) NOT NULL,
    name       VARCHAR(100) NOT NULL,
    setting_value CLOB      NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by VARCHAR(200),
    PRIMARY KEY (project, name)
);
