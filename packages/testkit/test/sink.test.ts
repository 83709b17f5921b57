import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Sink } from '../src/sink/sink-server.ts';
import { SinkConnection } from '../src/sink/sink-connection.ts';

async function until(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the sink', () => {
  it('records reports of its run in order, confirms those that ask, and drops other runs', async () => {
    const sink = await Sink.open();
    try {
      const conn = await SinkConnection.open(sink.address, sink.run);
      const stranger = await SinkConnection.open(sink.address, 'another-run');
      stranger.send({ t: 'emit', spout: 's', task: 1, index: 9, at: 0 });
      conn.send({ t: 'emit', spout: 's', task: 1, index: 0, at: 0 });
      await conn.sendConfirmed({ t: 'capture', component: 'c', stream: 'default', sourceTask: 2, taskIndex: 0, values: [2n ** 70n, 'é'] });
      expect(sink.reports.map((r) => r.t)).toEqual(['emit', 'capture']);
      expect(sink.reports[1]).toMatchObject({ values: [2n ** 70n, 'é'] });
      conn.close();
      stranger.close();
    } finally {
      await sink.close();
    }
  });

  it('names a line that is not a report as a problem', async () => {
    const sink = await Sink.open();
    try {
      const [host, port] = sink.address.split(':');
      const socket = connect({ host: host!, port: Number(port) });
      socket.write('not json\n{"t":"capture"}\n');
      await until(() => sink.problems.length >= 1, 'a problem');
      expect(sink.problems[0]).toMatch(/not JSON/);
      socket.destroy();
    } finally {
      await sink.close();
    }
  });

  it('fails a confirmed report when the sink goes away, instead of hanging', async () => {
    const sink = await Sink.open();
    const conn = await SinkConnection.open(sink.address, sink.run);
    await sink.close();
    await expect(conn.sendConfirmed({ t: 'observe', component: 'c', task: 1, taskIndex: 0, kind: 'k', data: null, at: 0 })).rejects.toThrow(
      /testkit sink/,
    );
  });
});
