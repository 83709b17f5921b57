import { ClusterError } from '../errors.ts';

/** Nimbus's Thrift address when neither --nimbus nor TWINSTORM_NIMBUS says otherwise (what `twinstorm storm up` starts). */
export const DEFAULT_NIMBUS = '127.0.0.1:6627';

/** A Nimbus Thrift endpoint. */
export interface NimbusAddress {
  host: string;
  port: number;
}

/** The address to use: the one given, else $TWINSTORM_NIMBUS, else 127.0.0.1:6627; validated so a typo fails before any JVM starts. */
export function resolveNimbus(given?: string, env: NodeJS.ProcessEnv = process.env): NimbusAddress {
  const fromEnv = env['TWINSTORM_NIMBUS'];
  const text = given ?? (fromEnv !== undefined && fromEnv.length > 0 ? fromEnv : DEFAULT_NIMBUS);
  const source = given !== undefined ? '--nimbus' : fromEnv !== undefined && fromEnv.length > 0 ? 'TWINSTORM_NIMBUS' : 'the default';
  return parseNimbus(text, source);
}

/** Parses `host:port` (or `[v6]:port`); `source` names where the text came from in the error. */
export function parseNimbus(text: string, source = '--nimbus'): NimbusAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(text.trim());
  const port = m === null ? NaN : Number(m[3]);
  if (m === null || port < 1 || port > 65535) {
    throw new ClusterError('E_INVALID_ARGUMENT', `${source}: expected host:port (e.g. 127.0.0.1:6627), got "${text}"`);
  }
  return { host: m[1] ?? m[2]!, port };
}

/** The address as `host:port`, the form the Java side parses. */
export function formatNimbus(address: NimbusAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
