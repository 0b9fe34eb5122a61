#include "netkeel/cli/lab_server_url.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "netkeel/core/error.hpp"
#include "netkeel/lab/lab_server.hpp"

namespace netkeel::cli {
namespace {

// The server described by a server-url file and the token file beside it; nothing when the URL file is
// missing or empty (the lab has no server, or is still starting).
std::optional<LabServerAccess> read_server_files(const std::string& lab, const std::filesystem::path& url_file,
                                                 const std::filesystem::path& token_file) {
  std::ifstream in(url_file);
  std::string url;
  if (!in || !std::getline(in, url)) return std::nullopt;
  while (!url.empty() && (url.back() == '\r' || url.back() == ' ' || url.back() == '\t')) url.pop_back();
  if (url.empty()) return std::nullopt;
  const bool has_token = std::ifstream(token_file).good();
  return LabServerAccess{lab, url, has_token ? token_file.string() : std::string()};
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

std::optional<LabServerAccess> find_lab_server(const std::optional<std::string>& lab, const lab::LabStore& store) {
  if (const char* dir = std::getenv("NETKEEL_LAB_DIR"); dir && *dir) {
    const std::filesystem::path base(dir);
    if (auto access = read_server_files(lab.value_or(""), base / "server-url", base / "token")) return access;
  }
  const auto server_of = [&](const std::string& name) {
    return read_server_files(name, lab::server_url_file(store, name), lab::server_token_file(store, name));
  };
  const std::vector<std::string> labs = store.list();
  if (lab) {
    if (auto access = server_of(*lab)) return access;
    const bool exists = std::find(labs.begin(), labs.end(), *lab) != labs.end();
    throw UsageError(exists ? "lab " + *lab + " runs no server (it was started without one, or is still starting): "
                                  "wait for `netkeel lab status --name " + *lab + "`, or give --server URL"
                            : "no lab named " + *lab +
                                  (labs.empty() ? std::string(": no lab is running (netkeel lab up SITE starts one)")
                                                : ": the labs are " + joined(labs)) +
                                  "; give one of them with --lab, or --server URL");
  }
  std::vector<LabServerAccess> running;
  for (const auto& name : labs) {
    if (auto access = server_of(name)) running.push_back(*access);
  }
  if (running.empty()) return std::nullopt;
  if (running.size() > 1) {
    std::vector<std::string> names;
    for (const auto& access : running) names.push_back(access.lab);
    throw UsageError("several labs run a server (" + joined(names) + "): say which with --lab NAME, or give --server URL");
  }
  return running.front();
}

}  // namespace netkeel::cli
