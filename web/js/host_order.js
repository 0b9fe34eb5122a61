// The order of the heatmap's rows and columns: hosts grouped by rack, then by the switches their NICs are
// cabled to, so a bad top-of-rack switch or a bad rack shows as a block. Without a site file: by name.
export function orderHosts(hostNames, topology) {
  const placed = new Map();
  if (topology) {
    topology.hosts.forEach((h, index) => {
      const switches = [...new Set(h.nics.map((n) => n.switch))].sort().join("+");
      placed.set(h.name, { rack: h.rack || "", switches, index });
    });
  }
  const known = hostNames.filter((h) => placed.has(h));
  const unknown = hostNames.filter((h) => !placed.has(h)).sort();
  known.sort((a, b) => {
    const pa = placed.get(a), pb = placed.get(b);
    return pa.rack.localeCompare(pb.rack) || pa.switches.localeCompare(pb.switches) || pa.index - pb.index;
  });
  const order = [...known, ...unknown];
  const groups = [];
  for (let i = 0; i < order.length; i++) {
    const p = placed.get(order[i]);
    const label = p ? `${p.rack || "no rack"} · ${p.switches || "no switch"}` : topology ? "not in the site file" : "";
    if (!groups.length || groups[groups.length - 1].label !== label) groups.push({ label, start: i, count: 0 });
    groups[groups.length - 1].count++;
  }
  return { order, groups };
}
