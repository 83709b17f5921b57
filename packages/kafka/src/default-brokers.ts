import { runningServiceAddresses } from '@twinstorm/services/addresses';
import type { DefaultBrokers } from './conf.ts';

/** The brokers of the Kafka `twinstorm services up kafka` started (its state dir: $TWINSTORM_SERVICES_DIR), when one runs. */
export const servicesKafkaBrokers: DefaultBrokers = () => {
  const brokers = runningServiceAddresses().kafka?.brokers;
  return brokers === undefined ? undefined : brokers.split(',');
};
