import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_PORTS, resolveServicesOptions } from './options.ts';

describe('service ports', () => {
  it('come from the options, else TWINSTORM_*_PORT, else the defaults', () => {
    expect(resolveServicesOptions({ env: {} }).ports).toEqual(DEFAULT_SERVICE_PORTS);
    const env = { TWINSTORM_KAFKA_PORT: '29192', TWINSTORM_KAFKA_CONTROLLER_PORT: '29193', TWINSTORM_POSTGRES_PORT: '25432' };
    expect(resolveServicesOptions({ env }).ports).toEqual({ kafka: 29192, kafkaController: 29193, postgres: 25432, redis: 16379 });
    expect(resolveServicesOptions({ env, ports: { postgres: 1234 } }).ports.postgres).toBe(1234);
  });

  it('refuse a variable that is not a port, naming it', () => {
    expect(() => resolveServicesOptions({ env: { TWINSTORM_REDIS_PORT: '70000' } })).toThrow(
      'TWINSTORM_REDIS_PORT must be a port number (1-65535), got "70000"',
    );
    expect(() => resolveServicesOptions({ env: { TWINSTORM_KAFKA_PORT: 'x' } })).toThrow(/TWINSTORM_KAFKA_PORT/);
  });
});
