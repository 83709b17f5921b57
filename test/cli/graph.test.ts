// End to end: `twinstorm graph` on real topology modules, through the real bin.
import { describe, expect, it } from 'vitest';
import { runTwinstorm } from 'twinstorm/testing';

describe('twinstorm graph', () => {
  it('prints a Mermaid flowchart by default', async () => {
    const r = await runTwinstorm(['graph', 'test/cli/fixtures/numbers.ts']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        'flowchart LR',
        '  numbers(["numbers<br/>spout x1"])',
        '  square["square<br/>bolt x2"]',
        '  sum["sum<br/>basic bolt x2"]',
        '  odd_sink["odd-sink<br/>basic bolt x1"]',
        '  numbers -->|"default: shuffle"| square',
        '  square -->|"default: fields(parity)"| sum',
        '  square -->|"odd: global"| odd_sink',
        '  classDef spout fill:#e3f2fd,stroke:#1565c0;',
        '  class numbers spout;',
        '',
      ].join('\n'),
    );
  });

  it('prints a Graphviz digraph with --format dot', async () => {
    const r = await runTwinstorm(['graph', 'test/cli/fixtures/numbers.ts', '--format', 'dot']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('digraph "numbers" {');
    expect(r.stdout).toContain('"numbers" [shape=ellipse, style=filled, fillcolor="#e3f2fd", label="numbers\\nspout x1"];');
    expect(r.stdout).toContain('"square" -> "sum" [label="default: fields(parity)"];');
    expect(r.stdout).toContain('"square" -> "odd-sink" [label="odd: global"];');
    expect(r.stdout.trimEnd().endsWith('}')).toBe(true);
  });

  it('loads plain JavaScript topologies too', async () => {
    const r = await runTwinstorm(['graph', 'test/cli/fixtures/plain.js']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('letters -->|"default: localOrShuffle"| upper');
    expect(r.stdout).toContain('upper["upper<br/>basic bolt x3"]');
  });
});
