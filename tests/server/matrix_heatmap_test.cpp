#include "netkeel/server/matrix_heatmap.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;

MatrixReport small_matrix() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  MatrixReport report;
  report.window_s = 60;
  report.matrix.network = "mgmt";
  report.matrix.pairs = {
      {"node1", "node2", 60, 0, 0.0, 0.0004, 0.0009},   {"node1", "node3", 60, 6, 0.1, 0.0012, 0.004},
      {"node2", "node1", 60, 60, 1.0, nan, nan},         {"node2", "node3", 200, 1, 0.005, 0.030, 0.2},
      {"node3", "node1", 0, 0, 0.0, nan, nan},
  };
  return report;
}

TEST(MatrixHeatmap, PlainLossMatrix) {
  EXPECT_EQ(render_heatmap(small_matrix(), {}),
            "network mgmt: loss over the last 60 s (rows: source, columns: destination)\n"
            "         1 2 3\n"
            "1 node1    . 6\n"   // no loss; 10 % is band 6 (<=10%)
            "2 node2  X   2\n"   // all lost; 0.5 % is band 2 (<=0.5%)
            "3 node3  - -  \n"   // sent nothing; never probed
            "columns are the hosts numbered as the rows\n"
            "loss:  . 0  1 <=0.1%  2 <=0.5%  3 <=1%  4 <=2%  5 <=5%  6 <=10%  7 <=20%  8 <=50%  9 <100%  X 100%"
            "  - no probes\n");
}

TEST(MatrixHeatmap, AStaleHostIsMarkedNotShownAsNoProbes) {
  MatrixReport report = small_matrix();
  report.hosts = {{"node1", 1000, 2.0, false}, {"node2", 1000, 2.0, false}, {"node3", 1000, 47.2, true}};
  EXPECT_EQ(render_heatmap(report, {}),
            "network mgmt: loss over the last 60 s (rows: source, columns: destination)\n"
            "         1 2!3\n"
            "1 node1    . 6\n"
            "2 node2  X   2\n"
            "3!node3  ? ?  \n"   // its agent is silent: unknown, not "no probes"
            "columns are the hosts numbered as the rows\n"
            "loss:  . 0  1 <=0.1%  2 <=0.5%  3 <=1%  4 <=2%  5 <=5%  6 <=10%  7 <=20%  8 <=50%  9 <100%  X 100%"
            "  - no probes\n"
            "! marks a host whose agent sent no report for over 30 s (host down, cut off from the server, or agent "
            "stopped); ? no data from it\n"
            "stale: node3 (last report 47 s ago)\n");
  report.hosts[2] = {"node3", std::nullopt, std::nullopt, false};  // never reported: not an agent gone quiet
  EXPECT_EQ(render_heatmap(report, {}), render_heatmap(small_matrix(), {}));
}

TEST(MatrixHeatmap, PlainRttMatrixUsesBands) {
  const std::string text = render_heatmap(small_matrix(), {.metric = MatrixMetric::rtt});
  EXPECT_THAT(text, HasSubstr("rtt p50 over the last 60 s"));
  EXPECT_THAT(text, HasSubstr("1 node1    1 3\n"));  // 0.4 ms -> band 1, 1.2 ms -> band 3
  EXPECT_THAT(text, HasSubstr("2 node2  -   7\n"));  // no RTT (all lost), 30 ms -> band 7
  EXPECT_THAT(text, HasSubstr(" 1 <0.5ms"));
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
}

TEST(MatrixHeatmap, ColourUsesAnsi256Backgrounds) {
  const std::string text = render_heatmap(small_matrix(), {.colour = true});
  EXPECT_THAT(text, HasSubstr("\x1b[48;5;28;38;5;255m .\x1b[0m"));  // no loss: green
  EXPECT_THAT(text, HasSubstr("\x1b[48;5;88;38;5;255m X\x1b[0m"));  // all lost: dark red
  EXPECT_THAT(text, HasSubstr("\x1b[48;5;202;38;5;16m 6\x1b[0m"));  // 10 %: orange-red
}

TEST(MatrixHeatmap, FiftyHostsStayNarrow) {
  MatrixReport report;
  report.window_s = 60;
  report.matrix.network = "mgmt";
  for (int s = 0; s < 50; ++s) {
    for (int d = 0; d < 50; ++d) {
      if (s == d) continue;
      report.matrix.pairs.push_back({"compute-rack1-host-" + std::to_string(s), "compute-rack1-host-" + std::to_string(d),
                                     60, 0, 0, 0.0005, 0.001});
    }
  }
  const std::string text = render_heatmap(report, {});
  std::istringstream lines(text);
  std::string line;
  int rows = 0;
  while (std::getline(lines, line)) {
    if (line.starts_with("loss:")) continue;  // the legend may wrap on narrow terminals
    EXPECT_LE(line.size(), 125U) << line;
    if (line.find("-host") != std::string::npos && line.find(" . .") != std::string::npos) ++rows;
  }
  EXPECT_EQ(rows, 50);
  EXPECT_THAT(text, HasSubstr("13 compute-rack1-host-2  "));
  EXPECT_THAT(text, HasSubstr("12 comput~rack1-host-19 "));  // cut to 20 characters, keeping head and tail
  // The column header: tens above units, aligned with the cells (row header: 2 + 1 + 20 + 1 characters).
  EXPECT_THAT(text, HasSubstr("\n" + std::string(24 + 18, ' ') + " 1 1 1 1 1 1 1 1 1 1 2"));
  EXPECT_THAT(text, HasSubstr("\n" + std::string(24, ' ') + " 1 2 3 4 5 6 7 8 9 0 1"));
}

TEST(MatrixHeatmap, EmptyMatrixSaysSo) {
  MatrixReport report;
  report.matrix.network = "storage";
  report.window_s = 30;
  EXPECT_THAT(render_heatmap(report, {}), HasSubstr("no probe data in this window"));
}

}  // namespace
}  // namespace netkeel::server
