import type { Conf } from './conf.ts';
import { TwinstormError, type ErrorSite } from './errors.ts';

/**
 * Typed reads of a component's own conf keys (connectors' `kafka.*`, `redis.*`...), each failing with
 * E_INVALID_CONF naming the key and what it must be, and never echoing a value of a key marked secret.
 */
export class ConfReader {
  constructor(
    readonly conf: Conf,
    readonly site: ErrorSite = {},
  ) {}

  /** A string key; `fallback` when absent (undefined: required). */
  string(key: string, fallback?: string): string {
    const value = this.optionalString(key) ?? fallback;
    if (value === undefined) throw this.problem(key, 'is required (a non-empty string)');
    return value;
  }

  /** A string key that may be absent. */
  optionalString(key: string, secret = false): string | undefined {
    const value = this.conf[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.length === 0) throw this.problem(key, 'must be a non-empty string', secret);
    return value;
  }

  /** A key holding one string or a non-empty list of strings (a comma-separated string is split). */
  stringList(key: string): string[] | undefined {
    const value = this.conf[key];
    if (value === undefined || value === null) return undefined;
    const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;
    if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== 'string' || s.length === 0)) {
      throw this.problem(key, 'must be a non-empty string or a non-empty list of non-empty strings');
    }
    return list as string[];
  }

  /** An integer key within [min, max]. */
  integer(key: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.conf[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
      throw this.problem(key, `must be an integer ${range}`);
    }
    return value;
  }

  /** A boolean key. */
  boolean(key: string, fallback: boolean): boolean {
    const value = this.conf[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') throw this.problem(key, 'must be true or false');
    return value;
  }

  /** One of a fixed set of strings. */
  oneOf<T extends string>(key: string, choices: readonly T[], fallback: T): T {
    const value = this.conf[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      throw this.problem(key, `must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`);
    }
    return value as T;
  }

  /** The error for a bad key: names the key and the rule, and shows the value only when it is not secret. */
  problem(key: string, rule: string, secret = false): TwinstormError {
    const value = this.conf[key];
    const got = secret || value === undefined ? '' : `, got ${JSON.stringify(value)}`;
    return new TwinstormError('E_INVALID_CONF', `conf "${key}" ${rule}${got}`, this.site);
  }
}
