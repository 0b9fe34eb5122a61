// The VIPs table: each service VIP's holder as the keepers' events tell the server (GET /api/v1/vips).
// `netkeel keep status` asks the coordination store itself; this is what reached the server.
import { age, clockTime, element } from "./format.js";

export function renderVips(tbody, answer, nowMs) {
  if (!answer.vips.length) {
    const row = element("tr");
    const cell = element("td", "no service VIPs: the server knows no site file (--site) and no keeper reported");
    cell.colSpan = 7;
    row.append(cell);
    tbody.replaceChildren(row);
    return;
  }
  tbody.replaceChildren(...answer.vips.map((v) => {
    const row = element("tr", null, v.state === "held" ? "" : "stale");
    const release = v.last_release;
    row.append(element("td", v.service), element("td", v.address || "–"), element("td", v.state),
               element("td", v.holder || "–"),
               element("td", v.since_ms === null ? "–" : `${clockTime(v.since_ms)} (${age((nowMs - v.since_ms) / 1000)} ago)`),
               element("td", v.takeovers),
               element("td", release ? `${release.host}: ${release.cause} at ${clockTime(release.t_ms)}` : "–"));
    return row;
  }));
}
