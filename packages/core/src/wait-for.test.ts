import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for.ts';

describe('waitFor', () => {
  it('returns the first value the check gives that is not undefined or false', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls === 3 ? { calls } : calls === 1 ? undefined : false), 1000, 'the third call');
    expect(value).toEqual({ calls: 3 });
  });

  it('tries a check that threw again', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return 'ready';
      },
      1000,
      'a check that throws twice',
    );
    expect([value, calls]).toEqual(['ready', 3]);
  });

  it('names what it waited for, the last error and the dump at the deadline', async () => {
    const waited = waitFor(
      () => {
        throw new Error('broker down');
      },
      30,
      () => 'the broker',
      { dump: () => 'state: empty' },
    );
    await expect(waited).rejects.toThrow(
      'timed out after 30 ms waiting for the broker (last error: broker down)\n--- diagnostics ---\nstate: empty',
    );
  });
});
