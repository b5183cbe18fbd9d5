// File: web/src/graph_layout.ts
// Pure graph helpers of the network view: connected components (union-find) and a grouped
// layout that needs no force simulation (O(n), deterministic).

/** Connected components of the edge list as a map node -> component id ("c0", "c1" ...),
 *  numbered by first appearance in `order` (deterministic). */
export function components(order: string[], edges: { a: string; b: string }[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (parent.get(y) !== r) { const n = parent.get(y)!; parent.set(y, r); y = n; }
    return r;
  };
  for (const n of order) parent.set(n, n);
  for (const e of edges) {
    if (!parent.has(e.a)) parent.set(e.a, e.a);
    if (!parent.has(e.b)) parent.set(e.b, e.b);
    const ra = find(e.a), rb = find(e.b);
    if (ra !== rb) parent.set(rb, ra);
  }
  const ids = new Map<string, string>();
  const out = new Map<string, string>();
  for (const n of parent.keys()) {
    const r = find(n);
    if (!ids.has(r)) ids.set(r, 'c' + ids.size);
    out.set(n, ids.get(r)!);
  }
  return out;
}

/** Positions: groups on a large circle (largest first), members on a sunflower spiral. */
export function layout(nodes: { id: string; group: string }[]): Map<string, { x: number; y: number }> {
  const byGroup = new Map<string, string[]>();
  for (const n of nodes) {
    if (!byGroup.has(n.group)) byGroup.set(n.group, []);
    byGroup.get(n.group)!.push(n.id);
  }
  const groups = [...byGroup.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const out = new Map<string, { x: number; y: number }>();
  const golden = Math.PI * (3 - Math.sqrt(5));
  const maxR = 4 * Math.sqrt(groups.length > 0 ? groups[0][1].length : 1);
  // Centres far enough apart that the largest discs do not overlap.
  const ring = groups.length <= 1 ? 0 : 1.3 * maxR * Math.max(1, 1 / Math.sin(Math.PI / groups.length));
  groups.forEach(([, members], gi) => {
    const angle = (2 * Math.PI * gi) / Math.max(1, groups.length);
    const cx = ring * Math.cos(angle), cy = ring * Math.sin(angle);
    members.forEach((id, i) => {
      const r = 4 * Math.sqrt(i + 0.5);
      out.set(id, { x: cx + r * Math.cos(i * golden), y: cy + r * Math.sin(i * golden) });
    });
  });
  return out;
}

