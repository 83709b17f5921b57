// The docker-compose Storm cluster (docker-compose.yml + storm/docker/), started through the testkit where a Docker
// engine is present; elsewhere every test here is skipped and the default reporter prints why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { runTwinstorm } from 'twinstorm/testing';
import { dockerAvailable, startComposeStormCluster, type ComposeStormCluster } from '@twinstorm/testkit/compose';

const MINUTE = 60_000;
const docker = await dockerAvailable();

/** Polls `probe` until it returns a value, or fails after `timeoutMs` with the last error. */
async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  const cause = last instanceof Error ? `: ${last.message}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

function tcpConnects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('docker-compose Storm cluster', () => {
  let cluster: ComposeStormCluster | undefined;

  beforeAll(async () => {
    if (docker.ok) cluster = await startComposeStormCluster({ ui: true });
  }, 20 * MINUTE);

  afterAll(async () => {
    await cluster?.stop();
  }, 2 * MINUTE);

  it(
    'runs ZooKeeper, Nimbus, a supervisor and the UI, with Nimbus on 127.0.0.1',
    async (ctx) => {
      ctx.skip(!docker.ok, docker.reason);
      const { nimbus, ui } = cluster!;
      expect(nimbus.host).toBe('127.0.0.1');
      expect(await tcpConnects(nimbus.host, nimbus.port)).toBe(true);
      // The UI asks Nimbus, which knows the supervisor once it has registered through ZooKeeper.
      const summary = await poll(
        'the supervisor to register',
        async () => {
          const s = await getJson(`http://${ui!.host}:${ui!.port}/api/v1/cluster/summary`);
          return Number(s['supervisors']) >= 1 ? s : undefined;
        },
        3 * MINUTE,
      );
      expect(summary['slotsTotal']).toBe(4);
      expect(String(summary['stormVersion'])).toBe('2.8.3');
    },
    5 * MINUTE,
  );

  it(
    'runs the wordcount example submitted from the host on the Node supervisor image',
    async (ctx) => {
      ctx.skip(!docker.ok, docker.reason);
      const { nimbus, ui } = cluster!;
      const address = `${nimbus.host}:${nimbus.port}`;
      const env = { TWINSTORM_NIMBUS: address };
      const submitted = await runTwinstorm(
        ['submit', 'examples/wordcount/topology.ts', '--name', 'wordcount-compose', '--nimbus', address],
        env,
        10 * MINUTE,
      );
      expect(submitted.exitCode, submitted.stderr).toBe(0);
      try {
        // ShellBolts executing tuples means `node twinstorm/run.js` runs inside the supervisor container.
        const executed = await poll(
          'the split bolt to execute tuples',
          async () => {
            const list = await getJson(`http://${ui!.host}:${ui!.port}/api/v1/topology/summary`);
            const topologies = (list['topologies'] ?? []) as { id: string; name: string }[];
            const topology = topologies.find((t) => t.name === 'wordcount-compose');
            if (topology === undefined) return undefined;
            const detail = await getJson(`http://${ui!.host}:${ui!.port}/api/v1/topology/${encodeURIComponent(topology.id)}`);
            const bolts = (detail['bolts'] ?? []) as { boltId: string; executed: number | string }[];
            const split = Number(bolts.find((b) => b.boltId === 'split')?.executed ?? 0);
            return split > 0 ? split : undefined;
          },
          6 * MINUTE,
        );
        expect(executed).toBeGreaterThan(0);
      } finally {
        await runTwinstorm(['kill', 'wordcount-compose', '--wait', '0'], env, 2 * MINUTE);
      }
    },
    20 * MINUTE,
  );
});
