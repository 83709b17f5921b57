// @twinstorm/postgres: write tuples to PostgreSQL (PostgresSink) and keep StatefulBolt state in it (provider
// "postgres", registered on import), on the local engine and on Storm.
export { PostgresSink } from './postgres-sink.ts';
export { DEFAULT_STATE_TABLE, postgresState, postgresStateProvider } from './state-provider.ts';
export { readSinkSettings, describeConnection, type SinkMode, type SinkSettings, type PostgresConnection } from './conf.ts';
export { servicesPostgresUrl, type DefaultUrl } from './default-url.ts';
export { PostgresConnectorError, type PostgresConnectorErrorCode } from './errors.ts';
export { reconnectDelayMs } from './connection.ts';
export { copyField } from './rows.ts';
