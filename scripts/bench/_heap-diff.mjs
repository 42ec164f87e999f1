#!/usr/bin/env node
/**
 * `node scripts/bench/_heap-diff.mjs A.heapsnapshot B.heapsnapshot [--top 25] [--paths 3]`
 *
 * Compares two heap snapshots of the same page (as `npm run bench -- video --snapshots DIR` writes
 * them): the objects alive in B that were not in A (node ids are stable within one page), grouped
 * by constructor, largest first; and for the largest groups, the retaining path of a few of them
 * (first strong retainer at each step), which names what keeps them.
 */
import { readFileSync } from 'node:fs';

const [fileA, fileB] = process.argv.slice(2).filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const opt = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const TOP = opt('--top', 25);
const PATHS = opt('--paths', 3);
if (!fileA || !fileB) {
  console.error('usage: _heap-diff.mjs A.heapsnapshot B.heapsnapshot [--top N] [--paths N]');
  process.exit(2);
}

function load(file) {
  const s = JSON.parse(readFileSync(file, 'utf8'));
  const m = s.snapshot.meta;
  const nf = m.node_fields;
  const ef = m.edge_fields;
  return {
    s,
    nodeTypes: m.node_types[0],
    edgeTypes: m.edge_types[0],
    N: nf.length,
    E: ef.length,
    nType: nf.indexOf('type'),
    nName: nf.indexOf('name'),
    nId: nf.indexOf('id'),
    nSize: nf.indexOf('self_size'),
    nEdges: nf.indexOf('edge_count'),
    eType: ef.indexOf('type'),
    eName: ef.indexOf('name_or_index'),
    eTo: ef.indexOf('to_node'),
  };
}

/** What DevTools calls the constructor: the name for objects and closures, the type otherwise. */
function label(h, i) {
  const { nodes, strings } = h.s;
  const type = h.nodeTypes[nodes[i + h.nType]];
  const name = strings[nodes[i + h.nName]];
  if (type === 'object' || type === 'native' || type === 'closure') return `${type === 'closure' ? 'closure ' : ''}${name}`;
  return `(${type})`;
}

const A = load(fileA);
const idsA = new Set();
for (let i = 0; i < A.s.nodes.length; i += A.N) idsA.add(A.s.nodes[i + A.nId]);
const totalA = sumSize(A);
A.s = null;

const B = load(fileB);
function sumSize(h) {
  let t = 0;
  for (let i = 0; i < h.s.nodes.length; i += h.N) t += h.s.nodes[i + h.nSize];
  return t;
}
const groups = new Map();
for (let i = 0; i < B.s.nodes.length; i += B.N) {
  if (idsA.has(B.s.nodes[i + B.nId])) continue;
  const k = label(B, i);
  const g = groups.get(k) ?? { count: 0, size: 0, sample: [] };
  g.count++;
  g.size += B.s.nodes[i + B.nSize];
  if (g.sample.length < PATHS) g.sample.push(i);
  groups.set(k, g);
}
const mib = (b) => (b / 1024 / 1024).toFixed(2);
console.log(`A: ${mib(totalA)} MiB self size in all; B: ${mib(sumSize(B))} MiB`);
const top = [...groups.entries()].sort((a, b) => b[1].size - a[1].size).slice(0, TOP);
console.log('new in B and alive | count | self MiB');
for (const [k, g] of top) console.log(`${k.slice(0, 60).padEnd(60)} | ${String(g.count).padStart(7)} | ${mib(g.size)}`);

// Reverse edges of B, for retaining paths.
const nodeCount = B.s.nodes.length / B.N;
const firstEdge = new Uint32Array(nodeCount + 1);
for (let n = 0, e = 0; n < nodeCount; n++) {
  firstEdge[n] = e;
  e += B.s.nodes[n * B.N + B.nEdges] * B.E;
  firstEdge[n + 1] = e;
}
const retainers = new Map();
for (let n = 0; n < nodeCount; n++) {
  for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += B.E) {
    const type = B.edgeTypes[B.s.edges[e + B.eType]];
    if (type === 'weak' || type === 'shortcut') continue;
    const to = B.s.edges[e + B.eTo];
    if (!retainers.has(to)) retainers.set(to, { from: n * B.N, edge: e });
  }
}
const edgeName = (e) => {
  const type = B.edgeTypes[B.s.edges[e + B.eType]];
  const v = B.s.edges[e + B.eName];
  return type === 'element' || type === 'hidden' ? `[${v}]` : String(B.s.strings[v]).slice(0, 40);
};
for (const [k, g] of top.slice(0, 5)) {
  console.log(`\nretaining paths of ${k}:`);
  for (const start of g.sample) {
    const path = [];
    let i = start;
    const seen = new Set();
    for (let d = 0; d < 14; d++) {
      const r = retainers.get(i);
      if (!r || seen.has(r.from)) break;
      seen.add(r.from);
      path.push(`${label(B, r.from).slice(0, 40)}.${edgeName(r.edge)}`);
      i = r.from;
    }
    console.log(`  ${path.join(' <- ')}`);
  }
}
