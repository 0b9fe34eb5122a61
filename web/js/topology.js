// The site drawn from its site file (GET /api/v1/topology): one column per rack with its switches on top
// (an MLAG pair joined by a dashed line) and its hosts below, switches without a rack (spines) in a row
// above, a line per cable (host NIC to switch port) and per uplink. Each element is coloured by its
// health; the culprit of a firing alert is red.
const SVG = "http://www.w3.org/2000/svg";
const SWITCH_W = 100, SWITCH_H = 30, HOST_W = 150, HOST_H = 24, HOST_GAP = 10, RACK_PAD = 24;
const SPINE_Y = 20, TOR_Y = 120, HOST_Y = 220;

function node(tag, attributes, parent) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

function labelled(parent, kind, name, x, y, w, h, text) {
  const g = node("g", { "data-kind": kind, "data-name": name }, parent);
  node("rect", { class: "box", x, y, width: w, height: h, rx: 4 }, g);
  const t = node("text", { x: x + w / 2, y: y + h / 2 + 4, "text-anchor": "middle" }, g);
  t.textContent = text;
  return g;
}

// Where each element was drawn, so health and culprits can be applied on every refresh.
export class Topology {
  constructor(svg, onPick) {
    this.svg = svg;
    this.onPick = onPick;
    this.elements = new Map();  // "kind:name" -> [svg elements]
    svg.addEventListener("click", (e) => {
      const target = e.target.closest("[data-kind]");
      if (target) this.onPick(target.dataset.kind, target.dataset.name);
    });
  }

  draw(topology) {
    this.topology = topology;
    this.svg.replaceChildren();
    this.elements.clear();
    const cables = node("g", {}, this.svg);  // under the boxes
    const racks = topology.racks.filter((r) => r !== "");
    const switchPos = new Map(), hostPos = new Map();
    let x = 20;
    for (const rack of racks) {
      const switches = topology.switches.filter((s) => s.rack === rack);
      const hosts = topology.hosts.filter((h) => h.rack === rack);
      const width = Math.max(HOST_W + 2 * RACK_PAD, switches.length * (SWITCH_W + 20) + 2 * RACK_PAD - 20);
      const height = HOST_Y - TOR_Y + hosts.length * (HOST_H + HOST_GAP) + 30;
      node("rect", { class: "rack-frame", x, y: TOR_Y - 30, width, height, rx: 6 }, this.svg);
      node("text", { class: "rack-label", x: x + 8, y: TOR_Y - 14 }, this.svg).textContent = `rack ${rack}`;
      switches.forEach((s, i) => {
        const sx = x + RACK_PAD + i * (SWITCH_W + 20);
        switchPos.set(s.name, { x: sx, y: TOR_Y });
        this.remember(`switch:${s.name}`, labelled(this.svg, "switch", s.name, sx, TOR_Y, SWITCH_W, SWITCH_H, s.name));
      });
      hosts.forEach((h, i) => {
        const hx = x + (width - HOST_W) / 2, hy = HOST_Y + i * (HOST_H + HOST_GAP);
        hostPos.set(h.name, { x: hx, y: hy });
        this.remember(`host:${h.name}`, labelled(this.svg, "host", h.name, hx, hy, HOST_W, HOST_H, h.name));
      });
      x += width + 30;
    }
    // Switches without a rack (spines, and the hosts of a site without racks) in the top row.
    const loose = topology.switches.filter((s) => !s.rack);
    loose.forEach((s, i) => {
      const sx = 20 + i * (SWITCH_W + 40);
      switchPos.set(s.name, { x: sx, y: SPINE_Y });
      this.remember(`switch:${s.name}`, labelled(this.svg, "switch", s.name, sx, SPINE_Y, SWITCH_W, SWITCH_H, s.name));
    });
    topology.hosts.filter((h) => !h.rack).forEach((h, i) => {
      const hx = x + 10, hy = HOST_Y + i * (HOST_H + HOST_GAP);
      hostPos.set(h.name, { x: hx, y: hy });
      this.remember(`host:${h.name}`, labelled(this.svg, "host", h.name, hx, hy, HOST_W, HOST_H, h.name));
    });

    for (const s of topology.switches) {
      const a = switchPos.get(s.name);
      for (const up of s.uplinks) {
        const b = switchPos.get(up);
        if (!b) continue;
        const line = node("line", { class: "uplink", x1: a.x + SWITCH_W / 2, y1: a.y, x2: b.x + SWITCH_W / 2,
                                    y2: b.y + SWITCH_H, "data-kind": "uplink", "data-name": `${s.name}-${up}` }, cables);
        this.remember(`uplink:${s.name}-${up}`, line);
        this.remember(`uplink:${up}-${s.name}`, line);
      }
      const peer = s.mlag_peer && switchPos.get(s.mlag_peer);
      if (peer && s.name < s.mlag_peer) {
        node("line", { class: "mlag", x1: a.x + SWITCH_W, y1: a.y + SWITCH_H / 2, x2: peer.x,
                       y2: peer.y + SWITCH_H / 2 }, cables);
      }
    }
    // Each switch's cables end at their own point along its bottom edge, in the order of its ports'
    // hosts, so one cable can be told from its neighbours (and clicked).
    const ends = new Map();
    for (const h of topology.hosts) for (const nic of h.nics) {
      if (!ends.has(nic.switch)) ends.set(nic.switch, []);
      ends.get(nic.switch).push(`${h.name}:${nic.name}`);
    }
    for (const h of topology.hosts) {
      const hp = hostPos.get(h.name);
      h.nics.forEach((nic, i) => {
        const sp = switchPos.get(nic.switch);
        if (!sp || !hp) return;
        const hx = i % 2 === 0 ? hp.x : hp.x + HOST_W;
        const all = ends.get(nic.switch), slot = all.indexOf(`${h.name}:${nic.name}`);
        const sx = sp.x + 8 + (all.length > 1 ? (slot * (SWITCH_W - 16)) / (all.length - 1) : (SWITCH_W - 16) / 2);
        const line = node("line", { class: "cable", x1: hx, y1: hp.y + HOST_H / 2, x2: sx,
                                    y2: sp.y + SWITCH_H, "data-kind": "cable", "data-name": `${h.name}:${nic.name}` }, cables);
        node("title", {}, line).textContent = `${h.name} ${nic.name} — ${nic.switch} ${nic.port}`;
        this.remember(`cable:${h.name}:${nic.name}`, line);
        this.remember(`nic:${h.name}:${nic.name}`, line);
        this.remember(`switch-port:${nic.switch}:${nic.port}`, line);
      });
    }
    const box = this.svg.getBBox();
    this.svg.setAttribute("width", Math.ceil(box.x + box.width + 20));
    this.svg.setAttribute("height", Math.ceil(box.y + box.height + 20));
  }

  remember(key, element) {
    if (!this.elements.has(key)) this.elements.set(key, []);
    this.elements.get(key).push(element);
  }

  // health: Map host -> "ok" | "warn" | "stale" | "unknown"; alerts: the firing alerts.
  colour(health, alerts) {
    for (const [key, elements] of this.elements) {
      if (!key.startsWith("host:")) continue;
      const state = health.get(key.slice(5)) || "unknown";
      for (const e of elements) e.setAttribute("class", state);
    }
    for (const elements of this.elements.values()) {
      for (const e of elements) {
        e.classList.remove("culprit");
        delete e.dataset.alert;
        delete e.dataset.confidence;
      }
    }
    for (const line of this.svg.querySelectorAll("line.cable")) {
      const host = line.dataset.name.split(":")[0];
      line.classList.toggle("warn", health.get(host) === "warn");
    }
    for (const alert of alerts) {
      const key = `${alert.culprit.kind}:${alert.culprit.name}`;
      for (const e of this.elements.get(key) || []) {
        e.classList.add("culprit");
        e.dataset.alert = alert.name;
        if (typeof alert.culprit.confidence === "number") e.dataset.confidence = alert.culprit.confidence.toFixed(2);
      }
      // A NIC's or cable's host is marked too, so the red is seen at any zoom.
      if (alert.culprit.kind === "nic" || alert.culprit.kind === "cable") {
        for (const e of this.elements.get(`host:${alert.culprit.name.split(":")[0]}`) || []) e.classList.add("culprit");
      }
    }
  }
}
