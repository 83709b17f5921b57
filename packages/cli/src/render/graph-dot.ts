import type { TopologySpec } from '@twinstorm/core';
import { edgeLabel, nodeCaption } from './graph-labels.ts';

/** The topology as a Graphviz digraph (`| dot -Tsvg`): spouts are filled ellipses, bolts boxes, edges name stream and grouping. */
export function renderDot(spec: TopologySpec): string {
  const lines = [
    `digraph ${quote(spec.name)} {`,
    '  rankdir=LR;',
    '  node [fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const c of spec.components) {
    const label = `${quote(c.id).slice(0, -1)}\\n${escapeDot(nodeCaption(c))}"`;
    const shape = c.kind === 'spout' ? 'shape=ellipse, style=filled, fillcolor="#e3f2fd"' : 'shape=box';
    lines.push(`  ${quote(c.id)} [${shape}, label=${label}];`);
  }
  for (const c of spec.components) {
    for (const input of c.inputs) {
      lines.push(`  ${quote(input.component)} -> ${quote(c.id)} [label=${quote(edgeLabel(input))}];`);
    }
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function quote(text: string): string {
  return `"${escapeDot(text)}"`;
}

function escapeDot(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
