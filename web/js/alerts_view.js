// The alerts table: firing alerts first, then those resolved in the last hour (GET /api/v1/alerts?all=1).
import { culpritText, element } from "./format.js";

export function renderAlerts(tbody, alerts) {
  tbody.replaceChildren(...alerts.map((a) => {
    const row = element("tr", null, a.state);
    row.dataset.culprit = `${a.culprit.kind}:${a.culprit.name}`;
    row.append(element("td", a.state), element("td", a.name), element("td", a.severity),
               element("td", culpritText(a.culprit)), element("td", a.since.replace("T", " ")),
               element("td", a.ended ? a.ended.replace("T", " ") : "–"), element("td", a.summary));
    row.title = a.culprit.explains ? `${a.description}\nculprit: ${a.culprit.explains}` : a.description;
    return row;
  }));
  if (!alerts.length) {
    const row = element("tr");
    const cell = element("td", "no alert firing or resolved in the last hour");
    cell.colSpan = 7;
    row.append(cell);
    tbody.replaceChildren(row);
  }
}

// [fromSeconds, toSeconds] of every alert whose labels name the host (or the pair's src or dst).
export function alertPeriods(alerts, hosts, nowMs) {
  return alerts
    .filter((a) => hosts.some((h) => Object.values(a.labels).includes(h) || a.culprit.name.split(":")[0] === h))
    .map((a) => [Date.parse(a.since) / 1000, (a.ended ? Date.parse(a.ended) : nowMs) / 1000]);
}

