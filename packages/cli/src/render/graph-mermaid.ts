import type { TopologySpec } from '@twinstorm/core';
import { edgeLabel, nodeCaption } from './graph-labels.ts';

// Words that end or change a flowchart when used as a node id.
const RESERVED = new Set(['end', 'graph', 'flowchart', 'subgraph', 'style', 'classdef', 'class', 'click', 'linkstyle', 'direction']);

/** The topology as a Mermaid flowchart (pastes into GitHub markdown): spouts are stadiums, edges name stream and grouping. */
export function renderMermaid(spec: TopologySpec): string {
  const ids = nodeIds(spec);
  const lines = ['flowchart LR'];
  for (const c of spec.components) {
    const label = `"${escapeMermaid(c.id)}<br/>${escapeMermaid(nodeCaption(c))}"`;
    lines.push(c.kind === 'spout' ? `  ${ids.get(c.id)}([${label}])` : `  ${ids.get(c.id)}[${label}]`);
  }
  for (const c of spec.components) {
    for (const input of c.inputs) {
      lines.push(`  ${ids.get(input.component) ?? input.component} -->|"${escapeMermaid(edgeLabel(input))}"| ${ids.get(c.id)}`);
    }
  }
  const spouts = spec.components.filter((c) => c.kind === 'spout').map((c) => ids.get(c.id));
  lines.push('  classDef spout fill:#e3f2fd,stroke:#1565c0;');
  lines.push(`  class ${spouts.join(',')} spout;`);
  return lines.join('\n') + '\n';
}

/** Node ids derived from component ids (`odd-sink` -> `odd_sink`), made unique and kept clear of Mermaid keywords; labels show the real id. */
function nodeIds(spec: TopologySpec): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const c of spec.components) {
    let base = c.id.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z]/.test(base) || RESERVED.has(base.toLowerCase())) base = `c_${base}`;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    ids.set(c.id, id);
  }
  return ids;
}

function escapeMermaid(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
