#include "netkeel/cli/lab_server_url.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>

#include "netkeel/lab/lab_server.hpp"

namespace netkeel::cli {

std::optional<LabServerAccess> find_lab_server(const std::string& lab) {
  // (server-url file, token file) of each place a lab's server may be described, in order.
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> candidates;
  if (const char* dir = std::getenv("NETKEEL_LAB_DIR"); dir && *dir) {
    candidates.emplace_back(std::filesystem::path(dir) / "server-url", std::filesystem::path(dir) / "token");
  }
  const lab::LabStore store{};
  candidates.emplace_back(lab::server_url_file(store, lab), lab::server_token_file(store, lab));
  for (const auto& [url_file, token_file] : candidates) {
    std::ifstream in(url_file);
    std::string url;
    if (in && std::getline(in, url)) {
      while (!url.empty() && (url.back() == '\r' || url.back() == ' ' || url.back() == '\t')) url.pop_back();
      if (url.empty()) continue;
      const bool has_token = std::ifstream(token_file).good();
      return LabServerAccess{url, has_token ? token_file.string() : std::string()};
    }
  }
  return std::nullopt;
}

}  // namespace netkeel::cli
