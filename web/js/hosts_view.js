// The hosts table: every host that reported (GET /api/v1/hosts) and every host of the site file that never
// did; a host whose newest report is older than the staleness limit is marked stale.
import { age, clockTime, element } from "./format.js";

export const STALE_AFTER_S = 30;  // the server's default stale_after for the matrix

export function renderHosts(tbody, answer, topology, onPick) {
  const rackOf = new Map((topology ? topology.hosts : []).map((h) => [h.name, h.rack]));
  const rows = new Map(answer.hosts.map((h) => [h.host, h]));
  for (const name of rackOf.keys()) if (!rows.has(name)) rows.set(name, { host: name, last_seen_ms: null, age_s: null });
  const sorted = [...rows.values()].sort((a, b) => a.host.localeCompare(b.host));
  tbody.replaceChildren(...sorted.map((h) => {
    const state = h.last_seen_ms === null ? "never reported" : h.age_s > STALE_AFTER_S ? "stale" : "reporting";
    const row = element("tr", null, state === "stale" ? "stale" : "");
    const link = element("a", h.host);
    link.href = `#host?name=${encodeURIComponent(h.host)}`;
    const name = element("td");
    name.append(link);
    row.append(name, element("td", rackOf.get(h.host) || "–"), element("td", clockTime(h.last_seen_ms)),
               element("td", age(h.age_s)), element("td", state), element("td", h.agent_version || "–"));
    return row;
  }));
}
