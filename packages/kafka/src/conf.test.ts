import { describe, expect, it } from 'vitest';
import { readSpoutSettings } from './conf.ts';

const site = { component: 'in', task: 1 };
const read = (conf: Record<string, unknown>) =>
  readSpoutSettings({ 'kafka.topic': 't', 'kafka.brokers': 'h:1', ...conf }, site, () => undefined, true);

describe('kafka.spout.max.tries', () => {
  it("defaults to storm-kafka-client's DEFAULT_MAX_RETRIES, Integer.MAX_VALUE (retry forever)", () => {
    expect(read({}).maxTries).toBe(2 ** 31 - 1);
  });
  it('takes a finite bound, and refuses one below 1 naming the key', () => {
    expect(read({ 'kafka.spout.max.tries': 3 }).maxTries).toBe(3);
    expect(() => read({ 'kafka.spout.max.tries': 0 })).toThrow(/kafka\.spout\.max\.tries/);
  });
});
