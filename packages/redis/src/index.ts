// @twinstorm/redis: read Redis streams at least once (RedisStreamSpout) and keep @twinstorm/state in Redis
// (`topology.state.provider: redis`), on the local engine and on Storm.
export { RedisStreamSpout, DEAD_LETTER_STREAM, REDIS_STREAM_FIELDS } from './redis-stream-spout.ts';
export { readStreamSpoutSettings, type RedisStreamSpoutSettings, type RedisValueFormat } from './spout-conf.ts';
export { describeConnection, type DefaultRedisUrl, type RedisConnection } from './connection.ts';
export { RedisConnectorError, type RedisConnectorErrorCode } from './errors.ts';
export { StreamLedger, type StreamEntry, type StreamEmission } from './stream-ledger.ts';
export { redisStateProvider, stateConnection } from './state-provider.ts';
