#include "netkeel/cli/lab_server_url.hpp"

#include <cstdlib>
#include <fstream>
#include <vector>

#include "netkeel/lab/lab_server.hpp"

namespace netkeel::cli {

std::string lab_server_url(const std::string& lab) {
  std::vector<std::string> candidates;
  if (const char* dir = std::getenv("NETKEEL_LAB_DIR"); dir && *dir) candidates.push_back(std::string(dir) + "/server-url");
  candidates.push_back(lab::server_url_file(lab::LabStore{}, lab).string());  // written by `lab up`
  for (const std::string& path : candidates) {
    std::ifstream in(path);
    std::string url;
    if (in && std::getline(in, url)) {
      while (!url.empty() && (url.back() == '\r' || url.back() == ' ' || url.back() == '\t')) url.pop_back();
      if (!url.empty()) return url;
    }
  }
  return kDefaultServerUrl;
}

}  // namespace netkeel::cli
