// The dashboard's page: views chosen by the URL's fragment (#heatmap, #topology, #alerts, #hosts,
// #pair?network=N&src=A&dst=B, #host?network=N&name=H), refreshed by polling. Each panel loads on its own
// and says when its data is old or missing, so one slow or failing request never blanks the others.
import { ApiError, SignInNeeded, getJson, signIn, signOut } from "./api.js";
import { alertPeriods, renderAlerts } from "./alerts_view.js";
import { Charts, loadSeries } from "./charts.js";
import { NicCharts, loadNicSeries } from "./nic_charts.js";
import { scaleFor } from "./colours.js";
import { clockTime, culpritText, element } from "./format.js";
import { Heatmap } from "./heatmap.js";
import { renderHosts } from "./hosts_view.js";
import { renderVips } from "./vips_view.js";
import { Topology } from "./topology.js";

const POLL_MS = 5000;
const CHART_POLL_MS = 30000;
const $ = (id) => document.getElementById(id);

const state = { topology: null, alerts: [], alertsOn: true, matrix: null, refreshes: 0, chartDrawnAt: 0 };
const heatmap = new Heatmap($("heatmap"), $("tooltip"), (src, dst) => {
  location.hash = `#pair?${new URLSearchParams({ network: network(), src, dst })}`;
});
const topology = new Topology($("topology"), (kind, name) => showDetail(kind, name));
const charts = new Charts($("chart-loss"), $("chart-rtt"));
const nicCharts = new NicCharts($("chart-nic-trouble"), $("chart-nic-traffic"));
window.netkeelDashboard = { heatmap, topology, charts, nicCharts, state };  // for the browser test and a curious operator

function network() {
  return state.topology ? $("network").value : $("network-text").value.trim();
}

function currentView() {
  const [name, query] = location.hash.slice(1).split("?");
  return { name: name || "heatmap", params: new URLSearchParams(query || "") };
}

function setStatus(text, isError) {
  $("status").textContent = text;
  $("status").classList.toggle("error", Boolean(isError));
}

function showSignIn() {
  $("sign-in").hidden = false;
  $("sign-in-token").focus();
}

// Runs one panel's loading; its failure is written in its note and never stops the other panels.
async function panel(note, work) {
  try {
    await work();
    if (note) note.textContent = "";
    return true;
  } catch (e) {
    if (e instanceof SignInNeeded) throw e;
    if (note) note.textContent = `${e.message} (showing the last data received)`;
    return false;
  }
}

async function loadTopology() {
  try {
    state.topology = await getJson("topology");
    $("site-name").textContent = `· ${state.topology.site}`;
    const select = $("network");
    const chosen = select.value;
    select.replaceChildren(...state.topology.networks.map((n) => element("option", n)));
    select.value = chosen || (state.topology.networks.includes("mgmt") ? "mgmt" : state.topology.networks[0]);
  } catch (e) {
    if (e instanceof SignInNeeded) throw e;
    state.topology = null;
    $("network").hidden = true;
    $("network-text").hidden = false;
    $("topology-note").textContent = e.message;
  }
}

async function loadAlerts() {
  try {
    state.alerts = (await getJson("alerts", { all: "1" })).alerts;
    state.alertsOn = true;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      state.alertsOn = false;
      state.alerts = [];
      $("alerts-note").textContent = "this server runs without the alert engine (--no-alerts)";
      return;
    }
    throw e;
  }
  const firing = state.alerts.filter((a) => a.state === "firing");
  $("firing-count").textContent = firing.length ? `(${firing.length})` : "";
  renderAlerts($("alerts").tBodies[0], state.alerts);
}

async function loadMatrix() {
  state.matrix = await getJson("matrix", { network: network(), window: $("window").value });
}

// Per host: stale, never reported (unknown), lossy to or from it (warn, over 1%), or ok. Pairs with a
// stale host are left out: a stopped host is its own problem, not that of every host that probes it.
function hostHealth(matrix) {
  const health = new Map();
  if (!matrix) return health;
  const stale = new Set(matrix.hosts.filter((h) => h.stale).map((h) => h.host));
  const sent = new Map(), lost = new Map();
  for (const p of matrix.pairs) {
    if (stale.has(p.src) || stale.has(p.dst)) continue;
    for (const h of [p.src, p.dst]) {
      sent.set(h, (sent.get(h) || 0) + p.sent);
      lost.set(h, (lost.get(h) || 0) + p.lost);
    }
  }
  for (const h of matrix.hosts) {
    if (h.stale) health.set(h.host, "stale");
    else if (h.last_report_ms === null) health.set(h.host, "unknown");
    else health.set(h.host, sent.get(h.host) && lost.get(h.host) / sent.get(h.host) > 0.01 ? "warn" : "ok");
  }
  return health;
}

function drawLegend(metric) {
  const items = scaleFor(metric).map((b) => [b.colour, b.label]);
  items.push(["#d0d4d9", "no data"], ["#7a7f87", "stale source"]);
  $("legend").replaceChildren(...items.map(([colour, label]) => {
    const span = element("span", label);
    const swatch = element("i");
    swatch.style.background = colour;
    span.prepend(swatch);
    return span;
  }));
}

function showDetail(kind, name) {
  const detail = $("topology-detail");
  detail.replaceChildren();
  if (kind === "host") {
    const link = element("a", `charts of ${name}`);
    link.href = `#host?${new URLSearchParams({ network: network(), name })}`;
    const h = state.topology.hosts.find((x) => x.name === name);
    detail.append(element("h3", `host ${name}`),
                  element("p", h ? h.nics.map((n) => `${n.name} → ${n.switch} ${n.port}`).join(", ") : ""), link);
  } else {
    detail.append(element("h3", `${kind} ${name}`));
  }
  const related = state.alerts.filter((a) => a.state === "firing" && (a.culprit.name === name ||
                                                                      a.culprit.name.startsWith(`${name}:`)));
  for (const a of related) {
    detail.append(element("p", `${a.name}: ${a.summary} — culprit ${culpritText(a.culprit)}`, "error"));
    if (a.culprit.explains) detail.append(element("p", a.culprit.explains, "note"));
  }
}

// An alert transition's event holds the alert as JSON (docs/alerts.md): shown as its name, state and summary.
function eventText(event) {
  if (event.kind !== "alert") return event.text;
  try {
    const alert = JSON.parse(event.text);
    return `${alert.name} ${alert.state}: ${alert.summary}`;
  } catch {
    return event.text;
  }
}

async function drawChart(view) {
  const p = view.params;
  const net = p.get("network") || network();
  const range = $("chart-range").value;
  const hosts = view.name === "pair" ? [p.get("src"), p.get("dst")] : [p.get("name")];
  $("chart-title").textContent = view.name === "pair" ? `${hosts[0]} → ${hosts[1]} on ${net}` : `${hosts[0]} to every peer on ${net}`;
  const data = await loadSeries(view.name === "pair" ? { network: net, src: hosts[0], dst: hosts[1], range }
                                                     : { network: net, src: hosts[0], range });
  charts.draw(data, alertPeriods(state.alerts, hosts, Date.now()));
  if (view.name === "host") nicCharts.draw(await loadNicSeries({ host: hosts[0], range }));
  else nicCharts.clear();
  const events = [];
  for (const host of hosts) events.push(...(await getJson("events", { since: range, host, limit: "200" })).events);
  events.sort((a, b) => b.t_ms - a.t_ms);
  $("chart-events").tBodies[0].replaceChildren(...events.map((e) => {
    const row = element("tr");
    row.append(element("td", clockTime(e.t_ms)), element("td", e.host), element("td", e.kind),
               element("td", eventText(e)));
    return row;
  }));
  if (!data.times.length) $("chart-note").textContent = "no probe data in this range";
  state.chartDrawnAt = Date.now();
}

let refreshing = false;
async function refresh(force) {
  if (refreshing) return;
  refreshing = true;
  const view = currentView();
  try {
    if (!state.topology && !state.topologyTried) {
      state.topologyTried = true;
      await loadTopology();
    }
    const tasks = [panel($("alerts-note"), loadAlerts)];
    let matrixLoaded = Promise.resolve(false);
    if (view.name === "heatmap" || view.name === "topology") {
      matrixLoaded = panel(view.name === "heatmap" ? $("heatmap-note") : $("topology-note"), loadMatrix);
      tasks.push(matrixLoaded);
    }
    if (view.name === "hosts") {
      tasks.push(panel($("hosts-note"), async () => renderHosts($("hosts").tBodies[0], await getJson("hosts"),
                                                                state.topology)));
      tasks.push(panel($("vips-note"), async () => renderVips($("vips").tBodies[0], await getJson("vips"), Date.now())));
    }
    if ((view.name === "pair" || view.name === "host") &&
        (force || Date.now() - state.chartDrawnAt > CHART_POLL_MS)) {
      tasks.push(panel($("chart-note"), () => drawChart(view)));
    }
    const results = await Promise.all(tasks);
    // A failed load keeps the last drawing and its note says why (panel()); only new data is drawn.
    if (view.name === "heatmap" && state.matrix && (await matrixLoaded)) {
      drawLegend($("metric").value);
      heatmap.update(state.matrix, state.topology, $("metric").value);
      const stale = state.matrix.hosts.filter((h) => h.stale).map((h) => h.host);
      if (stale.length) $("heatmap-note").textContent = `stale (no report for ${state.matrix.stale_after_s} s): ${stale.join(", ")}`;
    }
    if (view.name === "topology" && state.topology) {
      if (!topology.topology) topology.draw(state.topology);
      topology.colour(hostHealth(state.matrix), state.alerts.filter((a) => a.state === "firing"));
      const networkWide = state.alerts.filter((a) => a.state === "firing" && a.culprit.kind === "network");
      if (await matrixLoaded) $("topology-note").textContent = networkWide.map((a) => `${a.name}: ${a.summary}`).join("; ");
    }
    const failed = results.filter((ok) => !ok).length;
    setStatus(failed ? `${failed} request(s) failed at ${clockTime(Date.now())}; retrying every ${POLL_MS / 1000} s`
                     : `updated ${clockTime(Date.now())}`, failed > 0);
    state.refreshes++;
    document.body.dataset.refreshes = String(state.refreshes);
  } catch (e) {
    if (e instanceof SignInNeeded) showSignIn();
    else setStatus(e.message, true);
  } finally {
    refreshing = false;
  }
}

function showView() {
  const view = currentView();
  const section = ["pair", "host"].includes(view.name) ? "chart" : view.name;
  for (const s of document.querySelectorAll(".view")) s.hidden = s.id !== `view-${section}`;
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.view === section);
  $("chart-note").textContent = "";
  refresh(true);
}

$("sign-in-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  try {
    await signIn($("sign-in-token").value);
    $("sign-in-token").value = "";
    $("sign-in-error").textContent = "";
    $("sign-in").hidden = true;
    state.topologyTried = false;
    refresh(true);
  } catch (error) {
    $("sign-in-error").textContent = error.message;
  }
});
$("sign-out").hidden = false;
$("sign-out").addEventListener("click", async () => { await signOut(); location.reload(); });
for (const id of ["network", "network-text", "metric", "window"]) $(id).addEventListener("change", () => refresh(true));
$("chart-range").addEventListener("change", () => refresh(true));
window.addEventListener("hashchange", showView);
window.addEventListener("load", () => {
  showView();
  setInterval(() => refresh(false), POLL_MS);
});
