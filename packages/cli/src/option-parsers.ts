import { InvalidArgumentError } from 'commander';
import type { ConfValue } from '@twinstorm/core';

/** `--duration <s>`: a positive number of seconds (fractions allowed), returned in milliseconds. */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidArgumentError(`expected a positive number of seconds, got "${value}".`);
  }
  return Math.round(seconds * 1000);
}

/** `--max-tuples <n>`: a positive integer. */
export function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a positive integer, got "${value}".`);
  }
  return n;
}

/** One `--conf key=value`: the value is JSON when it parses (numbers, booleans, arrays), else the raw string. */
export function parseConfPair(pair: string): [string, ConfValue] {
  const eq = pair.indexOf('=');
  if (eq <= 0) {
    throw new InvalidArgumentError(`expected key=value, got "${pair}".`);
  }
  const key = pair.slice(0, eq).trim();
  const raw = pair.slice(eq + 1);
  if (key.length === 0) {
    throw new InvalidArgumentError(`expected key=value, got "${pair}".`);
  }
  return [key, parseConfValue(raw)];
}

/** Accumulates repeated `--conf key=value` options into one conf object (commander's collector signature). */
export function collectConf(pair: string, previous: Record<string, ConfValue> = {}): Record<string, ConfValue> {
  const [key, value] = parseConfPair(pair);
  return { ...previous, [key]: value };
}

function parseConfValue(raw: string): ConfValue {
  try {
    return JSON.parse(raw) as ConfValue;
  } catch {
    return raw;
  }
}

/** `--ui [port]`, `--port <n>`: a TCP port, 0..65535 (0 picks a free one). */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n > 65535) {
    throw new InvalidArgumentError(`expected a port number 0..65535, got "${value}".`);
  }
  return n;
}
