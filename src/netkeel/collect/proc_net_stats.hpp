#pragma once
// /proc/net/snmp and /proc/net/netstat: pairs of lines, "Proto: Name1 Name2 ..." then
// "Proto: value1 value2 ...". Parsed generically, so every field the running kernel has is kept
// (retransmits, timeouts, listen drops, ...), including ones newer than this code.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace netkeel::collect {

struct ProcNetStat {
  std::string protocol;  // Ip, Icmp, Tcp, Udp, TcpExt, IpExt, MPTcpExt, ...
  std::string field;     // RetransSegs, ListenDrops, ...
  int64_t value = 0;     // some fields are signed (Tcp MaxConn is -1)
};

// Parses one file's text. Throws RuntimeError naming FILE:LINE when a header and its value line do
// not match (different protocol, different counts, a value that is not a number).
std::vector<ProcNetStat> parse_proc_net_stats(const std::string& text, const std::string& file_name);

// Reads and parses /proc/net/snmp and /proc/net/netstat of the calling thread's namespace;
// a file that is missing is skipped.
std::vector<ProcNetStat> read_proc_net_stats();

// The file a protocol's fields come from, for help texts: the kernel keeps its extended sections
// (TcpExt, IpExt, MPTcpExt: names ending in "Ext") in /proc/net/netstat and the MIB-II ones (Ip, Icmp,
// IcmpMsg, Tcp, Udp, UdpLite) in /proc/net/snmp.
std::string_view proc_net_stats_file(std::string_view protocol);

// "TcpExt ListenOverflows from /proc/net/netstat.": the HELP text of a field's metric family.
std::string proc_net_stat_help(const ProcNetStat& stat);

}  // namespace netkeel::collect
