// File: web/src/network.ts
// The coordinated-account network: builds a graphology graph from the campaign's edges,
// places accounts group by group (each group a disc of its own, so 5,000 nodes lay out in
// milliseconds without a force simulation) and draws it with sigma.js (WebGL).

import Graph from 'graphology';
import Sigma from 'sigma';
import type { Edge } from './api';
import { layout } from './graph_layout';
export { components } from './graph_layout';

export interface NetworkInput {
  nodes: { id: string; label: string; group: string; colour: string; score: number }[];
  edges: Edge[];
}

export interface NetworkView { graph: Graph; renderer: Sigma; renderMs: number; kill: () => void }

export function drawNetwork(container: HTMLElement, input: NetworkInput,
  onEdge: (a: string, b: string) => void, onNode: (id: string) => void): NetworkView {
  const t0 = performance.now();
  const graph = new Graph({ type: 'undirected', multi: false });
  const pos = layout(input.nodes);
  const maxW = Math.max(1, ...input.edges.map((e) => e.weight));
  for (const n of input.nodes) {
    const p = pos.get(n.id)!;
    graph.addNode(n.id, {
      x: p.x, y: p.y, label: n.label, color: n.colour,
      size: 2 + 6 * Math.min(1, Math.max(0, n.score)) * (input.nodes.length > 500 ? 0.5 : 1),
    });
  }
  for (const e of input.edges) {
    if (!graph.hasNode(e.a) || !graph.hasNode(e.b) || graph.hasEdge(e.a, e.b)) continue;
    graph.addEdgeWithKey(`${e.a}\u0000${e.b}`, e.a, e.b, { size: 0.5 + 2.5 * (e.weight / maxW), color: '#9aa5b1' });
  }
  const renderer = new Sigma(graph, container, {
    enableEdgeEvents: true, renderEdgeLabels: false, labelRenderedSizeThreshold: 8,
    defaultEdgeColor: '#9aa5b1', zIndex: true,
  });
  renderer.on('clickEdge', ({ edge }) => { const [a, b] = edge.split('\u0000'); onEdge(a, b); });
  renderer.on('clickNode', ({ node }) => onNode(node));
  renderer.on('enterEdge', ({ edge }) => { graph.setEdgeAttribute(edge, 'color', '#d32f2f'); });
  renderer.on('leaveEdge', ({ edge }) => { graph.setEdgeAttribute(edge, 'color', '#9aa5b1'); });
  renderer.refresh();
  const renderMs = performance.now() - t0;
  return { graph, renderer, renderMs, kill: () => renderer.kill() };
}
