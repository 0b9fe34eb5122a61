// Loss and RTT over time of a pair (src -> dst) or of a host (to all its peers), from GET
// /api/v1/query_range, drawn with uPlot (zoom by dragging, reset by double-click). Periods when an alert
// about the pair or host was firing are shaded.
import { getJson } from "./api.js";
import { durationMs } from "./format.js";

const POINTS = 240;  // steps across the range: enough to see a burst, few enough to stay quick

// Increases per step of a counter whose per-step maximum is given; a drop is a counter reset (restart).
export function increases(points) {
  const out = new Map();
  for (let i = 1; i < points.length; i++) {
    const [t, v] = points[i], previous = points[i - 1][1];
    if (v === null || previous === null) continue;
    out.set(t, v >= previous ? v - previous : v);
  }
  return out;
}

function sumByTime(seriesList) {
  const total = new Map();
  for (const s of seriesList) for (const [t, v] of increases(s.points)) total.set(t, (total.get(t) || 0) + v);
  return total;
}

// One start and end for all the queries of a chart, on a step boundary, so their buckets line up.
export function rangeSteps(range) {
  const rangeMs = durationMs(range);
  const stepMs = Math.max(1, Math.round(rangeMs / POINTS / 1000)) * 1000;
  const end = Math.floor(Date.now() / stepMs) * stepMs + stepMs;
  return { start: end - rangeMs - stepMs, end, stepMs, step: `${stepMs / 1000}s` };
}

// The data of one chart: {times, loss[], rttAvg[], rttMax[]}.
export async function loadSeries({ network, src, dst, range }) {
  const { start, end, step } = rangeSteps(range);
  const match = [`network=${network}`];
  if (src) match.push(`src=${src}`);
  if (dst) match.push(`dst=${dst}`);
  const ask = (metric, agg) => getJson("query_range", { metric, match, start, end, step, agg });
  const [sent, lost, avg, max] = await Promise.all([
    ask("netkeel_probe_sent_total", "max"), ask("netkeel_probe_lost_total", "max"),
    ask("netkeel_probe_rtt_seconds", "avg"), ask("netkeel_probe_rtt_seconds", "max"),
  ]);
  const sentBy = sumByTime(sent.series), lostBy = sumByTime(lost.series);
  const mean = (answer, reduce) => {
    const byTime = new Map();
    for (const s of answer.series) {
      for (const [t, v] of s.points) if (v !== null) (byTime.get(t) || byTime.set(t, []).get(t)).push(v * 1000);
    }
    return new Map([...byTime].map(([t, vs]) => [t, reduce(vs)]));
  };
  const rttAvg = mean(avg, (vs) => vs.reduce((a, b) => a + b, 0) / vs.length);
  const rttMax = mean(max, (vs) => Math.max(...vs));
  const times = [...new Set([...sentBy.keys(), ...rttAvg.keys()])].sort((a, b) => a - b);
  return {
    times: times.map((t) => t / 1000),
    loss: times.map((t) => (sentBy.get(t) ? (100 * (lostBy.get(t) || 0)) / sentBy.get(t) : null)),
    rttAvg: times.map((t) => rttAvg.get(t) ?? null),
    rttMax: times.map((t) => rttMax.get(t) ?? null),
  };
}

// A uPlot draw hook that shades [since, ended] of every alert period (seconds).
function shadePeriods(periods) {
  return (u) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = "rgba(211, 47, 47, 0.15)";
    for (const [from, to] of periods) {
      const x0 = u.valToPos(Math.max(from, u.scales.x.min), "x", true);
      const x1 = u.valToPos(Math.min(to, u.scales.x.max), "x", true);
      if (x1 > x0) ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
    }
    ctx.restore();
  };
}

export class Charts {
  constructor(lossElement, rttElement) {
    this.lossElement = lossElement;
    this.rttElement = rttElement;
    this.plots = [];
  }

  // periods: [[fromSeconds, toSeconds]] of alerts to shade.
  draw(data, periods) {
    for (const p of this.plots) p.destroy();
    const width = Math.min(1100, document.body.clientWidth - 60);
    // Zooming one chart zooms the other to the same time range.
    const hooks = (other) => ({
      drawClear: [shadePeriods(periods)],
      setScale: [(u, key) => {
        if (key !== "x" || this.syncing || !this.plots[other]) return;
        this.syncing = true;
        this.plots[other].setScale("x", { min: u.scales.x.min, max: u.scales.x.max });
        this.syncing = false;
      }],
    });
    const common = { width, height: 220, cursor: { drag: { x: true, y: false } } };
    this.plots = [];
    this.plots.push(new uPlot({ ...common, hooks: hooks(1), title: "loss (%)", scales: { y: { range: [0, 100] } },
                                series: [{}, { label: "loss %", stroke: "#d32f2f", width: 2 }] },
                              [data.times, data.loss], this.lossElement));
    this.plots.push(new uPlot({ ...common, hooks: hooks(0), title: "RTT (ms)",
                                series: [{}, { label: "mean", stroke: "#1565c0", width: 2 },
                                         { label: "max", stroke: "#fb8c00" }] },
                              [data.times, data.rttAvg, data.rttMax], this.rttElement));
  }
}
