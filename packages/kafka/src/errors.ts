import { describeSite, type ErrorSite } from '@twinstorm/core';

/** Stable codes so topologies and tests can branch on what went wrong with Kafka, not on message text. */
export type KafkaConnectorErrorCode =
  /** A kafka.* conf key is missing, of the wrong type or out of range; the message names the key. */
  | 'E_KAFKA_CONF'
  /** No broker could be reached (wrong address, broker down, TLS/SASL refused); the message names the brokers. */
  | 'E_KAFKA_CONNECT'
  /** The broker refused a produce, or did not acknowledge it. */
  | 'E_KAFKA_PRODUCE'
  /** Committing offsets failed (the group rebalanced, the coordinator moved); retried at the next commit. */
  | 'E_KAFKA_COMMIT'
  /** The consumer stopped on an error it does not recover from. */
  | 'E_KAFKA_CONSUMER';

/** The one error class of @twinstorm/kafka: a stable code, and the component and task involved in the message. */
export class KafkaConnectorError extends Error {
  override readonly name = 'KafkaConnectorError';
  readonly code: KafkaConnectorErrorCode;
  readonly site: ErrorSite;

  constructor(code: KafkaConnectorErrorCode, message: string, site: ErrorSite = {}, options?: { cause?: unknown }) {
    super(`${describeSite(site)}${message}`, options);
    this.code = code;
    this.site = site;
  }
}

/** An error's own message with its causes, for reports; never includes conf values. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? ` (${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}
