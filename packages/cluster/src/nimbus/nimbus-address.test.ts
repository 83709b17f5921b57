import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ClusterError } from '../errors.ts';
import { formatNimbus, parseNimbus, resolveNimbus } from './nimbus-address.ts';
import { probeNimbus } from './probe.ts';

describe('Nimbus address', () => {
  it('--nimbus, else TWINSTORM_NIMBUS, else 127.0.0.1:6627', () => {
    expect(resolveNimbus('h:1', { TWINSTORM_NIMBUS: 'e:2' })).toEqual({ host: 'h', port: 1 });
    expect(resolveNimbus(undefined, { TWINSTORM_NIMBUS: 'e:2' })).toEqual({ host: 'e', port: 2 });
    expect(resolveNimbus(undefined, {})).toEqual({ host: '127.0.0.1', port: 6627 });
    expect(resolveNimbus(undefined, { TWINSTORM_NIMBUS: '' })).toEqual({ host: '127.0.0.1', port: 6627 });
  });

  it('parses IPv6 and formats back', () => {
    expect(parseNimbus('[::1]:6627')).toEqual({ host: '::1', port: 6627 });
    expect(formatNimbus({ host: '::1', port: 6627 })).toBe('[::1]:6627');
    expect(formatNimbus(parseNimbus('nimbus.example:6627'))).toBe('nimbus.example:6627');
  });

  it('refuses a malformed address, naming where it came from', () => {
    expect(() => parseNimbus('localhost')).toThrow('--nimbus: expected host:port (e.g. 127.0.0.1:6627), got "localhost"');
    expect(() => parseNimbus('h:0')).toThrow(ClusterError);
    expect(() => parseNimbus('h:70000')).toThrow(ClusterError);
    expect(() => resolveNimbus(undefined, { TWINSTORM_NIMBUS: 'x' })).toThrow('TWINSTORM_NIMBUS: expected host:port');
  });
});

describe('probeNimbus', () => {
  it('resolves when something listens, and says "connection refused" with a hint when nothing does', async () => {
    const server = createServer((s) => s.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await probeNimbus({ host: '127.0.0.1', port });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = (await probeNimbus({ host: '127.0.0.1', port }).catch((e: unknown) => e)) as ClusterError;
    expect(error.code).toBe('E_NIMBUS_UNREACHABLE');
    expect(error.message).toBe(
      `Nimbus at 127.0.0.1:${port} is unreachable (connection refused): start one with \`twinstorm storm up\`, or point --nimbus / TWINSTORM_NIMBUS at yours`,
    );
  });
});
