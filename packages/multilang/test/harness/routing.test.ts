import { Bolt, Spout, TopologyBuilder } from '@twinstorm/core';
import { fieldsGroupingIndex } from '@twinstorm/core/runtime';
import { describe, expect, it } from 'vitest';
import { topologyRouter } from './routing.ts';

class S extends Spout {
  static outputs = { default: ['k', 'v'], other: ['x'], pick: { fields: ['x'], direct: true } };
  nextTuple(): void {}
}
class B extends Bolt {
  execute(): void {}
}

describe('topologyRouter', () => {
  it('answers regular emits with the tasks Storm`s groupings pick, subscribers in HashMap order', () => {
    const b = new TopologyBuilder();
    b.setSpout('s', S, 1);
    b.setBolt('byKey', B, 3).fieldsGrouping('s', ['k']);
    b.setBolt('all', B, 2).allGrouping('s');
    b.setBolt('global', B, 2).globalGrouping('s');
    b.setBolt('shuffled', B, 2).shuffleGrouping('s', 'other');
    b.setBolt('direct', B, 2).directGrouping('s', 'pick');
    const spec = b.createTopology('r', {}).spec;
    // Task ids: __acker 1, all 2-3, byKey 4-6, direct 7-8, global 9-10, s 11, shuffled 12-13.
    const route = topologyRouter(spec, 's');
    const tasks = route('default', ['key', 1]);
    expect([...tasks].sort((x, y) => x - y)).toEqual([2, 3, 4 + fieldsGroupingIndex(['key'], 3), 9].sort((x, y) => x - y));
    expect(route('other', [1])).toEqual([12]);
    expect(route('other', [1])).toEqual([13]); // round robin
    expect(route('pick', [1])).toEqual([]);
    expect(route('nobody', [])).toEqual([]);
  });
});
