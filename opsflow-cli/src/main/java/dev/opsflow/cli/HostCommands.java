package dev.opsflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code hosts ...}: import an inventory, list, add and check hosts. */
@Command(
    name = "hosts",
    description = "Import, list, add and check the project's hosts.",
    subcommands = {HostCommands.Import.class, HostCommands.ListHosts.class, HostCommands.Add.class,
        HostCommands.Check.class})
public final class HostCommands {
  private HostCommands() {}

  /** {@code ini}, {@code yaml} or {@code csv} from a file name; null lets the server sniff the content. */
  static String format(Path file) {
    var name = file.getFileName().toString().toLowerCase();
    if (name.endsWith(".ini") || name.endsWith(".cfg")) {
      return "ini";
    }
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return "yaml";
    }
    if (name.endsWith(".csv")) {
      return "csv";
    }
    return null;
  }

  /** {@code hosts import FILE}: Ansible INI/YAML or CSV, one transaction. */
  @Command(name = "import", description = "Import hosts and groups from an Ansible INI/YAML inventory or a CSV file.")
  public static final class Import extends BaseCommand {
    @Parameters(paramLabel = "FILE", description = "inventory.ini, inventory.yaml or hosts.csv")
    Path file;

    @Override
    public Integer call() {
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw CliException.usage("cannot read " + file + ": " + e.getMessage());
      }
      var format = format(file);
      var api = api();
      var summary = api.sendText("POST", api.projectPath("hosts/import" + (format == null ? "" : "?format=" + format)),
          text, "text/plain");
      if (json()) {
        printJson(summary);
        return ExitCodes.OK;
      }
      importSummary(file.getFileName().toString(), summary).forEach(out()::println);
      return ExitCodes.OK;
    }
  }

  /** {@code imported inventory.ini (ini): hosts 2 created, 1 updated, 0 unchanged; groups 1 created, ...}. */
  static List<String> importSummary(String name, JsonNode s) {
    var lines = new ArrayList<String>();
    var groups = s.path("groups");
    lines.add("imported " + name + " (" + Json.text(s, "format", "?") + "): hosts " + counts(s) + "; groups "
        + counts(groups));
    for (String kind : List.of("created", "updated")) {
      if (!s.path(kind).isEmpty()) {
        lines.add("  " + kind + ": " + names(s.path(kind)));
      }
    }
    return lines;
  }

  private static String counts(JsonNode n) {
    return n.path("created").size() + " created, " + n.path("updated").size() + " updated, " + n.path("unchanged").size()
        + " unchanged";
  }

  private static String names(JsonNode list) {
    var out = new ArrayList<String>();
    list.forEach(n -> out.add(n.isValueNode() ? n.asString() : Json.text(n, "name", n.toString())));
    return String.join(", ", out);
  }

  /** {@code hosts list [--selector S]}. */
  @Command(name = "list", description = "List hosts, optionally only those matching a label selector.")
  public static final class ListHosts extends BaseCommand {
    @Option(names = "--selector", paramLabel = "S", description = "Label selector, e.g. env=prod,role in (web,db).")
    String selector;

    @Override
    public Integer call() {
      var api = api();
      var hosts = api.get(api.projectPath("hosts" + (selector == null ? "" : "?selector=" + ApiClient.encode(selector))));
      if (json()) {
        printJson(hosts);
        return ExitCodes.OK;
      }
      var table = new Table("NAME", "ADDRESS", "PORT", "OS", "LABELS");
      for (JsonNode h : hosts) {
        table.row(Json.text(h, "name", ""), Json.text(h, "address", ""), h.path("port").asInt(), Json.text(h, "os", ""),
            labels(h.path("labels")));
      }
      table.print(out());
      return ExitCodes.OK;
    }
  }

  static String labels(JsonNode labels) {
    var out = new ArrayList<String>();
    labels.properties().forEach(e -> out.add(e.getKey() + "=" + e.getValue().asString()));
    return out.isEmpty() ? "-" : String.join(",", out);
  }

  /** {@code hosts add NAME ADDRESS [--port P] [--os OS] [--label k=v]...}. */
  @Command(name = "add", description = "Add a host.")
  public static final class Add extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "ADDRESS", arity = "0..1", description = "DNS name or IP (default: NAME).")
    String address;

    @Option(names = "--port", paramLabel = "P", description = "SSH port (default 22).")
    Integer port;

    @Option(names = "--os", paramLabel = "OS", description = "OS hint (default linux).")
    String os;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label. Repeatable.")
    List<String> labels = new ArrayList<>();

    @Override
    public Integer call() {
      var body = Json.object();
      body.put("name", name);
      if (address != null) {
        body.put("address", address);
      }
      if (port != null) {
        body.put("port", port);
      }
      if (os != null) {
        body.put("os", os);
      }
      var labelNode = body.putObject("labels");
      KeyValues.parse("--label", labels, KeyValues.Mode.STRING).forEach(labelNode::set);
      var api = api();
      var host = api.post(api.projectPath("hosts"), body);
      if (json()) {
        printJson(host);
        return ExitCodes.OK;
      }
      out().println("host " + Json.text(host, "name", name) + " added (" + Json.text(host, "address", "?") + ":"
          + host.path("port").asInt() + ")");
      return ExitCodes.OK;
    }
  }

  /** {@code hosts check NAME --account A}: connect, authenticate, run {@code uname -sr}. */
  @Command(name = "check", description = "Check that a host is reachable and accepts the account.")
  public static final class Check extends BaseCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--account", paramLabel = "A", description = "Account to log in with (not needed for local).")
    String account;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this many seconds (default 10).")
    Integer timeoutSeconds;

    @Override
    public Integer call() {
      var body = Json.object();
      if (account != null) {
        body.put("account", account);
      }
      if (timeoutSeconds != null) {
        body.put("timeoutSeconds", timeoutSeconds);
      }
      var api = api();
      var r = api.post(api.projectPath("hosts/" + ApiClient.encode(name) + "/check"), body);
      if (json()) {
        printJson(r);
      } else {
        out().println(checkLine(r));
      }
      return r.path("reachable").asBoolean(false) && "SUCCEEDED".equals(Json.text(r, "state", ""))
          ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  /** {@code web1: OK (Linux 6.1.0, 120 ms)} or {@code web1: UNREACHABLE: connection refused}. */
  static String checkLine(JsonNode r) {
    var host = Json.text(r, "host", "?");
    var state = Json.text(r, "state", "?");
    var ms = r.path("durationMs").asLong();
    if ("SUCCEEDED".equals(state)) {
      return host + ": OK (" + Json.text(r, "stdout", "").strip() + ", " + ms + " ms)";
    }
    var why = Json.text(r, "error", null);
    return host + ": " + state + (why == null ? "" : ": " + why);
  }
}
