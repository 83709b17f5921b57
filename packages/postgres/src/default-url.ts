import { runningServiceAddresses } from '@twinstorm/services/addresses';

/** Where a connection goes when `postgres.url` is unset: the PostgreSQL `twinstorm services up postgres` started. */
export type DefaultUrl = () => string | undefined;

/** The URL of the running `twinstorm services` PostgreSQL, or undefined when none runs. */
export const servicesPostgresUrl: DefaultUrl = () => runningServiceAddresses().postgres?.url;
