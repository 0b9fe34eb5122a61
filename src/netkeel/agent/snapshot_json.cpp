#include "netkeel/agent/snapshot_json.hpp"

namespace netkeel::agent {

namespace {
double seconds(Nanoseconds d) { return double(d.count()) / 1e9; }
}  // namespace

nlohmann::json snapshot_json(const AgentSnapshot& s) {
  using nlohmann::json;
  json probes = json::array();
  for (const auto& r : s.probes) {
    const auto& t = r.target;
    json p{{"src", t.src},         {"dst", t.dst},
           {"role", probe::to_string(t.role)}, {"network", t.network},
           {"kind", probe::to_string(t.kind)}, {"source", t.source.str()},
           {"address", t.address.str()},       {"port", t.port},
           {"sent", r.interval.sent},          {"lost", r.interval.lost},
           {"loss", r.interval.loss_ratio()},  {"rtt_seconds", nullptr}};
    if (t.kind == probe::ProbeKind::pmtu) p["packet_size"] = t.packet_size;
    if (r.interval.rtt) {
      const auto& rtt = *r.interval.rtt;
      p["rtt_seconds"] = {{"min", seconds(rtt.min)}, {"avg", seconds(rtt.avg)}, {"max", seconds(rtt.max)},
                          {"p50", seconds(rtt.p50)}, {"p99", seconds(rtt.p99)}};
    }
    probes.push_back(std::move(p));
  }
  json nics = json::array();
  for (const auto& n : s.nics)
    nics.push_back({{"name", n.name},       {"ifindex", n.ifindex},       {"master", n.master},
                    {"carrier", n.carrier}, {"oper_state", n.oper_state}, {"carrier_changes", n.carrier_changes},
                    {"stats", n.stats}});
  json netstat = json::object();
  for (const auto& st : s.netstat) netstat[st.protocol][st.field] = st.value;
  json events = json::array();
  for (const auto& e : s.link_events)
    events.push_back({{"interface", e.name}, {"up", e.up}, {"removed", e.removed}, {"at_unix_seconds", seconds(e.at)}});
  return json{{"site", s.site},   {"host", s.host},       {"probes", probes},
              {"nics", nics},     {"netstat", netstat},   {"link_events", events},
              {"responder_answered_total", s.responder_answered_total},
              {"collector_errors", s.collector_errors}};
}

}  // namespace netkeel::agent
