#include "netkeel/collect/proc_net_stats.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

#include "netkeel/core/error.hpp"

namespace netkeel::collect {

namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

}  // namespace

std::vector<ProcNetStat> parse_proc_net_stats(const std::string& text, const std::string& file_name) {
  std::vector<ProcNetStat> out;
  std::istringstream in(text);
  std::string header, values;
  int line_no = 0;
  auto where = [&](int line) { return file_name + ":" + std::to_string(line) + ": "; };
  while (std::getline(in, header)) {
    ++line_no;
    if (split(header).empty()) continue;
    if (!std::getline(in, values)) throw RuntimeError(where(line_no) + "header line without its value line");
    ++line_no;
    const auto names = split(header);
    const auto numbers = split(values);
    if (names[0].empty() || names[0].back() != ':')
      throw RuntimeError(where(line_no - 1) + "expected 'Proto: Field ...', got '" + header + "'");
    if (numbers.empty() || numbers[0] != names[0])
      throw RuntimeError(where(line_no) + "value line does not belong to '" + names[0] + "' header on line " +
                         std::to_string(line_no - 1));
    if (numbers.size() != names.size())
      throw RuntimeError(where(line_no) + std::to_string(names.size() - 1) + " fields in the header but " +
                         std::to_string(numbers.size() - 1) + " values");
    const std::string protocol = names[0].substr(0, names[0].size() - 1);
    for (size_t i = 1; i < names.size(); ++i) {
      int64_t v = 0;
      const auto& s = numbers[i];
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec != std::errc() || end != s.data() + s.size()) {
        // Counters past INT64_MAX come as unsigned; keep their bit pattern rather than fail.
        uint64_t u = 0;
        auto [uend, uec] = std::from_chars(s.data(), s.data() + s.size(), u);
        if (uec != std::errc() || uend != s.data() + s.size())
          throw RuntimeError(where(line_no) + "value '" + s + "' of " + protocol + " " + names[i] + " is not a number");
        v = static_cast<int64_t>(u);
      }
      out.push_back({protocol, names[i], v});
    }
  }
  return out;
}

std::string_view proc_net_stats_file(std::string_view protocol) {
  constexpr std::string_view extended = "Ext";
  const bool is_extended = protocol.size() >= extended.size() && protocol.substr(protocol.size() - extended.size()) == extended;
  return is_extended ? "/proc/net/netstat" : "/proc/net/snmp";
}

std::string proc_net_stat_help(const ProcNetStat& stat) {
  std::string help;
  help.reserve(stat.protocol.size() + stat.field.size() + 24);
  help += stat.protocol;
  help += ' ';
  help += stat.field;
  help += " from ";
  help += proc_net_stats_file(stat.protocol);
  help += '.';
  return help;
}

std::vector<ProcNetStat> read_proc_net_stats() {
  std::vector<ProcNetStat> out;
  for (const char* path : {"/proc/net/snmp", "/proc/net/netstat"}) {
    std::ifstream f(path);
    if (!f) continue;
    std::stringstream text;
    text << f.rdbuf();
    auto part = parse_proc_net_stats(text.str(), path);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

}  // namespace netkeel::collect
