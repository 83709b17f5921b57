import type { DefaultBrokers } from './conf.ts';

/** The brokers of the Kafka `twinstorm services up kafka` started, when one runs (wired once @twinstorm/services lands). */
export const servicesKafkaBrokers: DefaultBrokers = () => undefined;
