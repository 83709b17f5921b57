import { describe, expect, it } from 'vitest';
import { ServicesError } from './errors.ts';
import { parseServiceNames } from './names.ts';

describe('parseServiceNames', () => {
  it('defaults to every service, and keeps start order without duplicates', () => {
    expect(parseServiceNames([])).toEqual(['kafka', 'postgres', 'redis']);
    expect(parseServiceNames(['redis', 'kafka', 'redis'])).toEqual(['kafka', 'redis']);
  });

  it('refuses an unknown name, naming it and the known ones', () => {
    expect(() => parseServiceNames(['postgres', 'mongo'])).toThrow(
      new ServicesError('E_INVALID_ARGUMENT', 'unknown service "mongo": expected kafka, postgres, redis'),
    );
  });
});
