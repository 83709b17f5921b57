import { describe, expect, it } from 'vitest';
import { BasicBolt, Bolt, Spout, TopologyBuilder } from '@twinstorm/core';
import { renderDot } from './graph-dot.ts';
import { renderMermaid } from './graph-mermaid.ts';

class Words extends Spout {
  static readonly outputs = { default: ['word', 'lang'], 'odd "stream"': ['word'] };
  override nextTuple(): void {}
}
class Count extends BasicBolt {
  static readonly outputFields = ['word', 'count'];
  override execute(): void {}
}
class Sink extends Bolt {
  override execute(): void {}
}

function topology() {
  const b = new TopologyBuilder();
  b.setSpout('words', Words, 2);
  b.setBolt('count', Count, 4).fieldsGrouping('words', ['word', 'lang']);
  b.setBolt('end', Sink, 1).globalGrouping('count').allGrouping('words', 'odd "stream"');
  b.setBolt('my-sink', Sink, 3).shuffleGrouping('count');
  return b.createTopology('wordcount');
}

describe('renderMermaid', () => {
  it('renders nodes with kind and parallelism, spouts as stadiums, edges with stream and grouping', () => {
    expect(renderMermaid(topology().spec)).toBe(
      [
        'flowchart LR',
        '  words(["words<br/>spout x2"])',
        '  count["count<br/>basic bolt x4"]',
        '  c_end["end<br/>bolt x1"]',
        '  my_sink["my-sink<br/>bolt x3"]',
        '  words -->|"default: fields(word, lang)"| count',
        '  count -->|"default: global"| c_end',
        '  words -->|"odd #quot;stream#quot;: all"| c_end',
        '  count -->|"default: shuffle"| my_sink',
        '  classDef spout fill:#e3f2fd,stroke:#1565c0;',
        '  class words spout;',
        '',
      ].join('\n'),
    );
  });

  it('keeps node ids unique when sanitizing collides', () => {
    const b = new TopologyBuilder();
    b.setSpout('a-b', Words);
    b.setBolt('a_b', Sink).shuffleGrouping('a-b');
    const text = renderMermaid(b.createTopology('t').spec);
    expect(text).toContain('  a_b(["a-b<br/>spout x1"])');
    expect(text).toContain('  a_b_2["a_b<br/>bolt x1"]');
    expect(text).toContain('  a_b -->|"default: shuffle"| a_b_2');
  });
});

describe('renderDot', () => {
  it('renders a digraph with escaped labels', () => {
    expect(renderDot(topology().spec)).toBe(
      [
        'digraph "wordcount" {',
        '  rankdir=LR;',
        '  node [fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        '  "words" [shape=ellipse, style=filled, fillcolor="#e3f2fd", label="words\\nspout x2"];',
        '  "count" [shape=box, label="count\\nbasic bolt x4"];',
        '  "end" [shape=box, label="end\\nbolt x1"];',
        '  "my-sink" [shape=box, label="my-sink\\nbolt x3"];',
        '  "words" -> "count" [label="default: fields(word, lang)"];',
        '  "count" -> "end" [label="default: global"];',
        '  "words" -> "end" [label="odd \\"stream\\": all"];',
        '  "count" -> "my-sink" [label="default: shuffle"];',
        '}',
        '',
      ].join('\n'),
    );
  });
});
