#include "netkeel/agent/snapshot_json.hpp"

#include "netkeel/store/link_event_kind.hpp"

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
  json vms = json::array();
  for (const auto& v : s.vms)
    vms.push_back({{"domain", v.domain},         {"uuid", v.uuid},
                   {"interface", v.interface},   {"mac", v.mac},
                   {"rx_bytes", v.rx_bytes},     {"rx_packets", v.rx_packets},
                   {"rx_errors", v.rx_errors},   {"rx_drops", v.rx_drops},
                   {"tx_bytes", v.tx_bytes},     {"tx_packets", v.tx_packets},
                   {"tx_errors", v.tx_errors},   {"tx_drops", v.tx_drops}});
  json bonds = json::array();
  for (const auto& b : s.bonds) {
    json members = json::array();
    for (const auto& m : b.members) {
      json j{{"name", m.name}, {"up", m.up}, {"active", m.active}, {"lacp", m.lacp}, {"lacp_attached", m.lacp_attached}};
      if (b.source == "kernel") j["link_failures"] = m.link_failures;
      if (m.aggregator_id) j["aggregator_id"] = *m.aggregator_id;
      if (m.actor_state) j["actor_state"] = collect::lacp_port_state_words(*m.actor_state);
      if (m.partner_state) j["partner_state"] = collect::lacp_port_state_words(*m.partner_state);
      members.push_back(std::move(j));
    }
    bonds.push_back({{"name", b.name}, {"source", b.source}, {"mode", b.mode}, {"lacp_status", b.lacp_status},
                     {"active_member", b.active_member}, {"members", members}});
  }
  json link_states = json::object();
  for (const auto& [name, state] : s.link_states) link_states[name] = to_string(state);
  json state_events = json::array();
  for (const auto& e : s.link_state_events)
    state_events.push_back({{"event", store::to_string(e.kind)}, {"interface", e.interface}, {"at_unix_seconds", seconds(e.at)}});
  json send_times = json::object();
  for (const auto& [kind, counts] : s.send_times)
    send_times[probe::to_string(kind)] = {{"kernel", counts.kernel}, {"userspace", counts.userspace}};
  auto availability = [](const std::optional<bool>& up) { return up ? json(*up) : json(nullptr); };
  return json{{"site", s.site},   {"host", s.host},       {"probes", probes},
              {"nics", nics},     {"netstat", netstat},   {"link_events", events},
              {"responder_answered_total", s.responder_answered_total},
              {"send_times", send_times},
              {"collector_errors", s.collector_errors},
              {"vm_collector_up", availability(s.vm_collector_up)}, {"vms", vms},
              {"ovs_collector_up", availability(s.ovs_collector_up)}, {"bonds", bonds},
              {"link_states", link_states}, {"link_state_events", state_events}};
}

}  // namespace netkeel::agent
