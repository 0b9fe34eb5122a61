#include "netkeel/server/matrix_heatmap.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>

namespace netkeel::server {
namespace {

struct Cell {
  std::string text;  // exactly two characters
  int background = -1;  // ANSI 256-colour index; -1: none
};

constexpr int kNoDataColour = 238;

// RTT bands (upper bounds in ms) and their colours, green to red.
constexpr double kRttBandsMs[] = {0.5, 1, 2, 5, 10, 20, 50, 100};
constexpr int kRttColours[] = {28, 34, 70, 106, 142, 178, 214, 202, 196};

// Loss bands (upper bounds, fractions) and their colours: fine steps at low loss, where it matters most.
constexpr double kLossBands[] = {0.001, 0.005, 0.01, 0.02, 0.05, 0.10, 0.20, 0.50};
constexpr int kLossColours[] = {148, 184, 220, 214, 208, 202, 196, 160, 124};
constexpr int kNoLossColour = 28;
constexpr int kAllLostColour = 88;

Cell loss_cell(const store::ProbePair& pair) {
  if (pair.sent <= 0) return {" -", kNoDataColour};
  if (pair.loss <= 0) return {" .", kNoLossColour};
  if (pair.loss >= 1) return {" X", kAllLostColour};
  std::size_t band = 0;
  while (band < std::size(kLossBands) && pair.loss > kLossBands[band]) ++band;
  return {" " + std::to_string(band + 1), kLossColours[band]};
}

Cell rtt_cell(const store::ProbePair& pair) {
  if (!std::isfinite(pair.rtt_p50_seconds)) return {" -", kNoDataColour};
  const double ms = pair.rtt_p50_seconds * 1000;
  std::size_t band = 0;
  while (band < std::size(kRttBandsMs) && ms >= kRttBandsMs[band]) ++band;
  return {" " + std::to_string(band + 1), kRttColours[band]};
}

std::string painted(const Cell& cell, bool colour) {
  if (!colour || cell.background < 0) return cell.text;
  // Black text on light backgrounds, white on dark ones.
  const bool dark = cell.background == kAllLostColour || cell.background == kNoDataColour ||
                    cell.background == kNoLossColour || cell.background == 28 || cell.background == 124;
  return "\x1b[48;5;" + std::to_string(cell.background) + ";38;5;" + (dark ? "255" : "16") + "m" + cell.text +
         "\x1b[0m";
}

// Names of one site usually differ at the end (node7, node12), so a long name keeps its head and its tail.
std::string fit(const std::string& name, std::size_t width) {
  if (name.size() <= width) return name + std::string(width - name.size(), ' ');
  const std::size_t head = std::min<std::size_t>(6, width / 3);
  return name.substr(0, head) + "~" + name.substr(name.size() - (width - head - 1));
}

std::string legend(const HeatmapOptions& options) {
  std::string out;
  const auto swatch = [&](const Cell& cell, const std::string& meaning) {
    out += " " + painted(cell, options.colour) + " " + meaning;
  };
  if (options.metric == MatrixMetric::loss) {
    out += "loss:";
    swatch({" .", kNoLossColour}, "0");
    const char* bands[] = {"<=0.1%", "<=0.5%", "<=1%", "<=2%", "<=5%", "<=10%", "<=20%", "<=50%", "<100%"};
    for (std::size_t i = 0; i < std::size(bands); ++i) swatch({" " + std::to_string(i + 1), kLossColours[i]}, bands[i]);
    swatch({" X", kAllLostColour}, "100%");
  } else {
    out += "rtt p50:";
    const char* bands[] = {"<0.5ms", "<1ms", "<2ms", "<5ms", "<10ms", "<20ms", "<50ms", "<100ms", ">=100ms"};
    for (std::size_t i = 0; i < std::size(bands); ++i) swatch({" " + std::to_string(i + 1), kRttColours[i]}, bands[i]);
  }
  swatch({" -", kNoDataColour}, "no probes");
  return out + "\n";
}

}  // namespace

std::string render_heatmap(const MatrixReport& report, const HeatmapOptions& options) {
  std::set<std::string> host_set;
  std::map<std::pair<std::string, std::string>, const store::ProbePair*> by_pair;
  for (const store::ProbePair& pair : report.matrix.pairs) {
    host_set.insert(pair.src);
    host_set.insert(pair.dst);
    by_pair[{pair.src, pair.dst}] = &pair;
  }
  const std::vector<std::string> hosts(host_set.begin(), host_set.end());
  const char* what = options.metric == MatrixMetric::loss ? "loss" : "rtt p50";
  char window[32];
  std::snprintf(window, sizeof window, "%g", report.window_s);
  const std::string of_kind = report.kind.empty() ? "" : " of " + report.kind + " probes";
  std::string out = "network " + report.matrix.network + ": " + what + of_kind + " over the last " + window +
                    " s (rows: source, columns: destination)\n";
  if (hosts.empty()) return out + "no probe data in this window\n";

  std::size_t name_width = 4;
  for (const auto& h : hosts) name_width = std::max(name_width, std::min(h.size(), options.max_name_width));
  const std::size_t index_width = std::to_string(hosts.size()).size();
  const std::string row_indent(index_width + 1 + name_width + 1, ' ');

  // Column header: the destination's row number, its last two digits on one line (tens above when > 9).
  if (hosts.size() > 9) {
    out += row_indent;
    for (std::size_t c = 0; c < hosts.size(); ++c) {
      const std::size_t number = c + 1;
      out += number >= 10 ? " " + std::to_string((number / 10) % 10) : "  ";
    }
    out += "\n";
  }
  out += row_indent;
  std::map<std::string, const HostFreshness*> stale;
  for (const HostFreshness& host : report.hosts) {
    if (host.stale) stale[host.host] = &host;
  }
  const auto is_stale = [&](const std::string& host) { return stale.count(host) > 0; };
  for (std::size_t c = 0; c < hosts.size(); ++c) {
    out += (is_stale(hosts[c]) ? "!" : " ") + std::to_string((c + 1) % 10);
  }
  out += "\n";

  for (std::size_t r = 0; r < hosts.size(); ++r) {
    std::string number = std::to_string(r + 1);
    const bool stale_row = is_stale(hosts[r]);
    out += std::string(index_width - number.size(), ' ') + number + (stale_row ? "!" : " ") +
           fit(hosts[r], name_width) + " ";
    for (std::size_t c = 0; c < hosts.size(); ++c) {
      if (r == c) {
        out += "  ";
        continue;
      }
      const auto it = by_pair.find({hosts[r], hosts[c]});
      Cell cell = it == by_pair.end() ? Cell{" -", kNoDataColour}
                  : options.metric == MatrixMetric::loss ? loss_cell(*it->second)
                                                          : rtt_cell(*it->second);
      // No data from a source that stopped reporting says nothing about the network.
      if (stale_row && cell.text == " -") cell.text = " ?";
      out += painted(cell, options.colour);
    }
    out += "\n";
  }
  out += "columns are the hosts numbered as the rows\n";
  out += legend(options);
  if (!stale.empty()) {
    char after[32];
    std::snprintf(after, sizeof after, "%g", report.stale_after_s);
    out += std::string("! marks a host whose agent sent no report for over ") + after +
           " s (host down, cut off from the server, or agent stopped); ? no data from it\n";
    std::string line = "stale:";
    for (const auto& [host, freshness] : stale) {
      char age[48] = "no report time";
      if (freshness->age_s) std::snprintf(age, sizeof age, "last report %.0f s ago", *freshness->age_s);
      line += (line.size() > 6 ? ", " : " ") + host + " (" + age + ")";
    }
    out += line + "\n";
  }
  std::string agents_down;
  for (const HostFreshness& host : report.hosts) {
    if (host.agent_down) agents_down += (agents_down.empty() ? " " : ", ") + host.host;
  }
  if (!agents_down.empty()) {
    out += "agent down:" + agents_down + " (the host answers ICMP, its agent's UDP responder does not" +
           (report.kind.empty() ? ": UDP probes to it are left out of the loss; --kind udp shows them)\n" : ")\n");
  }
  return out;
}

}  // namespace netkeel::server
