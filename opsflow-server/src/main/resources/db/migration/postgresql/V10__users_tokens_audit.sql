CREATE TABLE app_user (
    username      VARCHAR(100) PRIMARY KEY,
    password_hash VARCHAR(200) NOT NULL,
    roles         VARCHAR(200) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE api_token (
    id           VARCHAR(40) PRIMARY KEY,
    username     VARCHAR(100) NOT NULL REFERENCES app_user (username),
    name         VARCHAR(200) NOT NULL,
    token_hash   VARCHAR(64) NOT NULL UNIQUE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE
);
CREATE TABLE audit_log (
    id      BIGSERIAL PRIMARY KEY,
    at      TIMESTAMP WITH TIME ZONE NOT NULL,
    actor   VARCHAR(100) NOT NULL,
    action  VARCHAR(100) NOT NULL,
    target  VARCHAR(400),
    detail  TEXT,
    status  INT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
