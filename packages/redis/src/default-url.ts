import { runningServiceAddresses } from '@twinstorm/services/addresses';
import type { DefaultRedisUrl } from './connection.ts';

/** The URL of the Redis `twinstorm services up redis` started, when one runs (read from its state file). */
export const servicesRedisUrl: DefaultRedisUrl = () => runningServiceAddresses().redis?.url;
