#include "netkeel/ha/mesh_health_probe.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <sstream>

#include "netkeel/core/error.hpp"

namespace netkeel::ha {

namespace {

constexpr std::string_view kFamily = "netkeel_probe_interval_loss_ratio{";

// The labels of one sample line ("a=\"x\",b=\"y\""); the agent's values hold no quotes or commas.
std::map<std::string, std::string> labels_of(std::string_view text) {
  std::map<std::string, std::string> out;
  while (!text.empty()) {
    const auto eq = text.find("=\"");
    if (eq == std::string_view::npos) break;
    const auto end = text.find('"', eq + 2);
    if (end == std::string_view::npos) break;
    out.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 2, end - eq - 2)));
    text.remove_prefix(std::min(text.size(), end + 2));  // past the quote and the comma
  }
  return out;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

}  // namespace

MeshVerdict judge_mesh(const std::string& metrics_text, const std::string& host, const std::string& network,
                       const std::vector<std::string>& peers) {
  std::set<std::string> reached;
  std::istringstream lines(metrics_text);
  for (std::string line; std::getline(lines, line);) {
    if (line.compare(0, kFamily.size(), kFamily) != 0) continue;
    const auto close = line.find("} ");
    if (close == std::string::npos) continue;
    const auto labels = labels_of(std::string_view(line).substr(kFamily.size(), close - kFamily.size()));
    auto label = [&](const char* name) {
      auto it = labels.find(name);
      return it == labels.end() ? std::string() : it->second;
    };
    if (label("src") != host || label("network") != network) continue;
    double loss = 1;
    try {
      loss = std::stod(line.substr(close + 2));
    } catch (const std::exception&) {
      continue;
    }
    if (loss < 0.5) reached.insert(label("dst"));
  }
  MeshVerdict verdict;
  for (const auto& peer : peers) (reached.count(peer) ? verdict.reached : verdict.unreached).push_back(peer);
  verdict.quorum = 2 * (verdict.reached.size() + 1) > peers.size() + 1;
  return verdict;
}

MeshHealthProbe::MeshHealthProbe(std::unique_ptr<http::HttpClient> client, std::string metrics_url, std::string host,
                                 std::string network, std::vector<std::string> peers)
    : client_(std::move(client)),
      url_(std::move(metrics_url)),
      host_(std::move(host)),
      network_(std::move(network)),
      peers_(std::move(peers)) {}

ProbeOutcome MeshHealthProbe::run(Nanoseconds timeout) {
  http::Request request;
  request.url = url_;
  request.timeout = std::max(std::chrono::milliseconds(1), std::chrono::duration_cast<std::chrono::milliseconds>(timeout));
  http::Response response;
  try {
    response = client_->send(request);
  } catch (const RuntimeError& e) {
    return {false, std::string("cannot read the agent's probe results: ") + e.what()};
  }
  if (response.status != 200)
    return {false, "cannot read the agent's probe results: GET " + url_ + ": HTTP " + std::to_string(response.status)};
  const MeshVerdict verdict = judge_mesh(response.body, host_, network_, peers_);
  const std::string counts = std::to_string(verdict.reached.size() + 1) + " of " + std::to_string(peers_.size() + 1) +
                             " hosts on " + network_ + " (reached: " + join(verdict.reached) +
                             "; unreached: " + join(verdict.unreached) + ")";
  return {verdict.quorum, (verdict.quorum ? "quorum: " : "no quorum: ") + counts};
}

}  // namespace netkeel::ha
