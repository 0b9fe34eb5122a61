// `netkeel site history` and `netkeel site diff [V1 [V2]]`: what the server's served site file went
// through (docs/server.md, "The site file, served"): every accepted version and every refusal, and the
// unified diff of two versions, from GET /api/v1/site/history and /api/v1/site/version.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include <fmt/format.h>

#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/server_client_flags.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/core/process.hpp"
#include "netkeel/core/rfc3339_time.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::cli {
namespace {

std::string history_table(const nlohmann::json& versions) {
  std::string out = fmt::format("{:<8} {:<9} {:<24} {:<13} {}\n", "VERSION", "RESULT", "TIME (UTC)", "SHA256", "SOURCE");
  for (const auto& v : versions) {
    const std::string version = v["version"].is_null() ? "-" : std::to_string(v["version"].get<std::uint64_t>());
    out += fmt::format("{:<8} {:<9} {:<24} {:<13} {}\n", version, v["result"].get<std::string>(),
                       format_rfc3339_ms(v["time_ms"].get<std::int64_t>()), v["hash"].get<std::string>().substr(0, 12),
                       v["source"].get<std::string>());
    if (v["result"] == "refused") {  // the validator's messages, indented under the refusal
      std::string messages = v.value("messages", "");
      std::size_t start = 0;
      while (start < messages.size()) {
        const auto end = messages.find('\n', start);
        out += "         " + messages.substr(start, end - start) + "\n";
        if (end == std::string::npos) break;
        start = end + 1;
      }
    }
  }
  return out;
}

// The accepted version numbers, oldest first.
std::vector<std::uint64_t> accepted_versions(const nlohmann::json& versions) {
  std::vector<std::uint64_t> out;
  for (const auto& v : versions)
    if (v["result"] == "accepted") out.push_back(v["version"].get<std::uint64_t>());
  return out;
}

std::filesystem::path write_temporary(const std::string& text, std::uint64_t version) {
  char name[] = "/tmp/netkeel-site-XXXXXX";
  const int fd = mkstemp(name);
  if (fd < 0) throw RuntimeError("cannot create a temporary file for version " + std::to_string(version));
  ::close(fd);
  std::ofstream(name, std::ios::binary) << text;
  return name;
}

int print_diff(http::HttpClient& client, const ApiTarget& target, std::uint64_t older, std::uint64_t newer) {
  const auto fetch = [&](std::uint64_t version) {
    return get_api_json(client, target, "/api/v1/site/version", {{"version", std::to_string(version)}});
  };
  const nlohmann::json a = fetch(older), b = fetch(newer);
  const auto label = [](const nlohmann::json& v) {
    return fmt::format("version {} ({}, {})", v["version"].get<std::uint64_t>(), format_rfc3339_ms(v["time_ms"].get<std::int64_t>()),
                       v["source"].get<std::string>());
  };
  const auto file_a = write_temporary(a["text"].get<std::string>(), older);
  const auto file_b = write_temporary(b["text"].get<std::string>(), newer);
  ProcessRequest request;
  // diff(1) from diffutils, which every Debian host has (it is Essential): a unified diff is its job.
  request.argv = {"diff", "-u", "--label", label(a), "--label", label(b), file_a.string(), file_b.string()};
  const ProcessResult result = run_process(request);
  std::filesystem::remove(file_a);
  std::filesystem::remove(file_b);
  if (result.exit_code != 0 && result.exit_code != 1) {
    throw RuntimeError("diff -u failed (" + result.status_text() + "): " + result.err);
  }
  std::fputs(result.exit_code == 0 ? fmt::format("versions {} and {} are the same\n", older, newer).c_str()
                                   : result.out.c_str(),
             stdout);
  return kExitOk;
}

std::uint64_t parse_version(const std::string& text, const std::vector<std::uint64_t>& known) {
  std::uint64_t version = 0;
  try {
    std::size_t used = 0;
    version = std::stoull(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
  } catch (const std::exception&) {
    throw UsageError("version '" + text + "': expected a version number as `netkeel site history` lists them");
  }
  if (std::find(known.begin(), known.end(), version) == known.end()) {
    throw UsageError(fmt::format("no site version {}: the server has versions 1 to {} (see `netkeel site history`)", version,
                                 known.empty() ? 0 : known.back()));
  }
  return version;
}

}  // namespace

void add_site_command(CLI::App& app, int& exit_code) {
  auto* site = app.add_subcommand("site", "What the server's site file went through: versions, refusals, diffs");
  site->require_subcommand(1);
  struct Flags {
    std::string format = "table";
    std::vector<std::string> versions;
    ServerClientFlags connection;
  };
  auto f = std::make_shared<Flags>();

  auto* history = site->add_subcommand("history", "Every version of the site file the server accepted or refused, oldest first");
  history->add_option("--format", f->format, "table or json (default table)")->check(CLI::IsMember({"table", "json"}));
  add_server_client_flags(*history, f->connection);
  history->callback([f, &exit_code] {
    const ApiTarget target = resolve_api_target(f->connection);
    http::CurlHttpClient client(target.tls);
    const nlohmann::json answer = get_api_json(client, target, "/api/v1/site/history", {});
    if (f->format == "json") {
      std::printf("%s\n", answer["versions"].dump(2).c_str());
    } else {
      std::fputs(history_table(answer["versions"]).c_str(), stdout);
    }
    exit_code = kExitOk;
  });

  auto* diff = site->add_subcommand("diff", "Unified diff of two accepted versions (default: the last two; one given: it and the last)");
  diff->add_option("versions", f->versions, "V1 [V2]")->expected(0, 2);
  add_server_client_flags(*diff, f->connection);
  diff->callback([f, &exit_code] {
    const ApiTarget target = resolve_api_target(f->connection);
    http::CurlHttpClient client(target.tls);
    const auto known = accepted_versions(get_api_json(client, target, "/api/v1/site/history", {})["versions"]);
    std::uint64_t older = 0, newer = 0;
    if (f->versions.empty()) {
      if (known.size() < 2) {
        std::printf("the server has %zu version(s) of the site: nothing to compare yet\n", known.size());
        exit_code = kExitOk;
        return;
      }
      older = known[known.size() - 2];
      newer = known.back();
    } else {
      older = parse_version(f->versions[0], known);
      newer = f->versions.size() > 1 ? parse_version(f->versions[1], known) : known.back();
    }
    exit_code = print_diff(client, target, older, newer);
  });
}

}  // namespace netkeel::cli
