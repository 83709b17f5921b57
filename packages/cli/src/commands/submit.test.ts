import { describe, expect, it } from 'vitest';
import type { SubmitOptions, SubmitResult } from '@twinstorm/cluster';
import { submitCommand } from './submit.ts';

function harness(result: Partial<SubmitResult>) {
  const out = { stdout: '', stderr: '' };
  const deps = {
    submitTopology: (_o: SubmitOptions) => Promise.resolve({ name: 'numbers', id: 'numbers-1-2', nimbus: '127.0.0.1:6627', ...result }),
    stdout: { write: (s: string) => ((out.stdout += s), true) },
    stderr: { write: (s: string) => ((out.stderr += s), true) },
  };
  return { out, deps };
}

describe('twinstorm submit', () => {
  it('says where it packaged a module, and that the jar is temporary', async () => {
    const packaged = { jar: '/tmp/twinstorm-submit-abc/app.jar', topology: 'numbers', warnings: [] } as unknown as NonNullable<
      SubmitResult['packaged']
    >;
    const { out, deps } = harness({ packaged });
    expect(await submitCommand('numbers.ts', { export: 'default', conf: {}, json: false }, deps)).toBe(0);
    expect(out.stderr).toContain('packaged numbers.ts into /tmp/twinstorm-submit-abc/app.jar (temporary, removed once submitted');
    expect(out.stdout).toContain('submitted numbers');
  });

  it('says nothing about packaging when given a jar', async () => {
    const { out, deps } = harness({});
    await submitCommand('app.jar', { export: 'default', conf: {}, json: false }, deps);
    expect(out.stderr).toBe('');
  });
});
