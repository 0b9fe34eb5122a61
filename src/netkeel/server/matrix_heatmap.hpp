#pragma once
// The probe matrix as a Pingmesh-style heatmap for a terminal: one row per source host, one column per
// destination, each cell two characters (readable at 50 hosts in a 120-column terminal). With colour,
// cells get an ANSI 256-colour background from green (good) to red (bad). Pure: text in, text out.
#include <string>

#include "netkeel/server/matrix_json.hpp"

namespace netkeel::server {

enum class MatrixMetric { loss, rtt };

struct HeatmapOptions {
  MatrixMetric metric = MatrixMetric::loss;
  bool colour = false;              // ANSI escapes; the CLI turns this on for a TTY or --color=always
  std::size_t max_name_width = 20;  // longer row names keep their head and tail around a '~'
};

// Every cell is a space and one glyph, so columns stay aligned at any width:
// loss: "." none, "1".."9" one digit per band of the legend (<=0.1% .. <100%), "X" all lost;
// RTT (p50): "1".."9", one digit per band of the legend (<0.5 ms .. >=100 ms);
// both: " -" the pair sent no probe in the window, "  " (blank) a host to itself.
// A stale host (report.hosts) gets a "!" before its row name and before its column number, " ?" for the
// cells of its row without data, and a line under the legend: "stale: node2 (last report 47 s ago)".
// Hosts whose agent is down (agent_down.hpp) get one more line: "agent down: node2 (...)".
std::string render_heatmap(const MatrixReport& report, const HeatmapOptions& options);

}  // namespace netkeel::server
