import type { Topology } from '@twinstorm/core';
import { renderDot } from '../render/graph-dot.ts';
import { renderMermaid } from '../render/graph-mermaid.ts';
import type { OutputStream } from '../run/output-stream.ts';

/** The graph formats `twinstorm graph` prints. */
export const GRAPH_FORMATS = ['mermaid', 'dot'] as const;
/** One of GRAPH_FORMATS. */
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** The options of `twinstorm graph`, parsed. */
export interface GraphOptions {
  format: GraphFormat;
  export: string;
}

/** What `graph` needs from the outside world. */
export interface GraphDeps {
  load(file: string, exportName: string): Promise<Topology>;
  stdout: OutputStream;
}

/** `twinstorm graph`: prints the topology's components and subscriptions as Mermaid or Graphviz text. */
export async function graphCommand(file: string, options: GraphOptions, deps: GraphDeps): Promise<number> {
  const topology = await deps.load(file, options.export);
  deps.stdout.write(options.format === 'dot' ? renderDot(topology.spec) : renderMermaid(topology.spec));
  return 0;
}
