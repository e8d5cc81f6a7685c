package dev.opsflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static final Settings.Flags NO_FLAGS = new Settings.Flags(null, null, null, null, null);

  @Test
  void defaults_apply_when_nothing_is_configured() {
    var settings = Settings.resolve(NO_FLAGS, Map.of(), ConfigFile.Data.EMPTY);

    assertThat(settings.server()).isEqualTo("http://127.0.0.1:8080");
    assertThat(settings.project()).isEqualTo("default");
    assertThat(settings.auth()).isEqualTo(new Settings.NoAuth());
  }

  @Test
  void flags_override_environment_which_overrides_the_config_file() {
    var config = new ConfigFile.Data("http://config:1", "ofp_config", null);
    var env = Map.of("OPSFLOW_URL", "http://env:2", "OPSFLOW_TOKEN", "ofp_env", "OPSFLOW_PROJECT", "ops");
    var flags = new Settings.Flags("http://flag:3/", "ofp_flag", null, null, "web");

    assertThat(Settings.resolve(flags, env, config))
        .isEqualTo(new Settings("http://flag:3", "web", new Settings.TokenAuth("ofp_flag")));
    assertThat(Settings.resolve(NO_FLAGS, env, config))
        .isEqualTo(new Settings("http://env:2", "ops", new Settings.TokenAuth("ofp_env")));
    assertThat(Settings.resolve(NO_FLAGS, Map.of(), config))
        .isEqualTo(new Settings("http://config:1", "default", new Settings.TokenAuth("ofp_config")));
  }

  @Test
  void user_and_password_flags_beat_a_token_from_the_environment() {
    var flags = new Settings.Flags(null, null, "admin", "pw", null);

    var settings = Settings.resolve(flags, Map.of("OPSFLOW_TOKEN", "ofp_env"), ConfigFile.Data.EMPTY);

    assertThat(settings.auth()).isEqualTo(new Settings.BasicAuth("admin", "pw"));
  }

  @Test
  void within_one_level_a_token_beats_a_user() {
    var env = Map.of("OPSFLOW_TOKEN", "ofp_env", "OPSFLOW_USER", "admin", "OPSFLOW_PASSWORD", "pw");

    assertThat(Settings.resolve(NO_FLAGS, env, ConfigFile.Data.EMPTY).auth())
        .isEqualTo(new Settings.TokenAuth("ofp_env"));
  }

  @Test
  void the_saved_token_is_not_sent_to_another_server() {
    var config = new ConfigFile.Data("http://prod:8080/", "ofp_prod", null);

    var other = Settings.resolve(new Settings.Flags("http://staging:8080", null, null, null, null), Map.of(), config);
    var same = Settings.resolve(new Settings.Flags("http://prod:8080", null, null, null, null), Map.of(), config);

    assertThat(other.auth()).isEqualTo(new Settings.NoAuth());
    assertThat(same.auth()).isEqualTo(new Settings.TokenAuth("ofp_prod"));
  }

  @Test
  void authorization_headers_are_bearer_or_basic() {
    assertThat(ApiClient.authorization(new Settings.TokenAuth("ofp_1"))).isEqualTo("Bearer ofp_1");
    assertThat(ApiClient.authorization(new Settings.BasicAuth("admin", "secret"))).isEqualTo("Basic YWRtaW46c2VjcmV0");
    assertThat(ApiClient.authorization(new Settings.NoAuth())).isNull();
  }
}
