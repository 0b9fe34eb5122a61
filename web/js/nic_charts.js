// A host's NICs over time (the host view): errors + drops per step and traffic in Mbit/s, one line per
// interface, from the agent's netkeel_nic_* counters (GET /api/v1/query_range, host=H). Loopback is left
// out. Counter resets (an agent restart) count from zero, as in the loss chart.
import { getJson } from "./api.js";
import { increases, rangeSteps } from "./charts.js";

const TROUBLE = ["rx_errors", "tx_errors", "rx_dropped", "tx_dropped"];
const TRAFFIC = ["rx_bytes", "tx_bytes"];
const COLOURS = ["#1565c0", "#d32f2f", "#2e7d32", "#fb8c00", "#6a1b9a", "#00838f", "#5d4037", "#c2185b"];

// {times: [s], interfaces: [{name, trouble: [count per step], mbps: [Mbit/s]}]}
export async function loadNicSeries({ host, range }) {
  const { start, end, step, stepMs } = rangeSteps(range);
  const ask = (stat) => getJson("query_range", { metric: `netkeel_nic_${stat}_total`, match: [`host=${host}`],
                                                 start, end, step, agg: "max" });
  const answers = await Promise.all([...TROUBLE, ...TRAFFIC].map(ask));
  const perInterface = new Map();  // name -> {trouble: Map(t -> n), bytes: Map(t -> n)}
  answers.forEach((answer, i) => {
    for (const s of answer.series) {
      const name = s.labels.interface;
      if (!name || name === "lo") continue;
      const entry = perInterface.get(name) || perInterface.set(name, { trouble: new Map(), bytes: new Map() }).get(name);
      const into = i < TROUBLE.length ? entry.trouble : entry.bytes;
      for (const [t, v] of increases(s.points)) into.set(t, (into.get(t) || 0) + v);
    }
  });
  const times = [...new Set([...perInterface.values()].flatMap((e) => [...e.trouble.keys(), ...e.bytes.keys()]))]
    .sort((a, b) => a - b);
  const interfaces = [...perInterface.keys()].sort().map((name) => {
    const e = perInterface.get(name);
    return { name,
             trouble: times.map((t) => e.trouble.get(t) ?? null),
             mbps: times.map((t) => (e.bytes.has(t) ? (e.bytes.get(t) * 8) / (stepMs / 1000) / 1e6 : null)) };
  });
  return { times: times.map((t) => t / 1000), interfaces };
}

export class NicCharts {
  constructor(troubleElement, trafficElement) {
    this.troubleElement = troubleElement;
    this.trafficElement = trafficElement;
    this.plots = [];
  }

  clear() {
    for (const p of this.plots) p.destroy();
    this.plots = [];
  }

  draw(data) {
    this.clear();
    if (!data.interfaces.length) return;
    const width = Math.min(1100, document.body.clientWidth - 60);
    const common = { width, height: 200, cursor: { drag: { x: true, y: false } } };
    const lines = () => [{}, ...data.interfaces.map((nic, i) => ({ label: nic.name, stroke: COLOURS[i % COLOURS.length],
                                                                       width: 1.5 }))];
    this.plots.push(new uPlot({ ...common, title: "NIC errors + drops (per step)", series: lines() },
                              [data.times, ...data.interfaces.map((nic) => nic.trouble)], this.troubleElement));
    this.plots.push(new uPlot({ ...common, title: "NIC traffic, rx + tx (Mbit/s)", series: lines() },
                              [data.times, ...data.interfaces.map((nic) => nic.mbps)], this.trafficElement));
  }
}
