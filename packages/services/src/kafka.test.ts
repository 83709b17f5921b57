import { describe, expect, it } from 'vitest';
import { kafkaServerProperties } from './kafka.ts';
import { DEFAULT_SERVICE_PORTS } from './options.ts';

describe('kafkaServerProperties', () => {
  it('makes one KRaft node whose listeners are all on 127.0.0.1', () => {
    const props = Object.fromEntries(
      kafkaServerProperties('/s/kafka/data', DEFAULT_SERVICE_PORTS)
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#'))
        .map((l) => l.split('=', 2) as [string, string]),
    );
    expect(props).toMatchObject({
      'process.roles': 'broker,controller',
      'controller.quorum.voters': '1@127.0.0.1:19093',
      listeners: 'PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:19092',
      'log.dirs': '/s/kafka/data',
      'offsets.topic.replication.factor': '1',
    });
  });
});
