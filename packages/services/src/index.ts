// @twinstorm/services: Kafka, PostgreSQL and Redis on 127.0.0.1 for development, tests and CI.
export { ServicesError, type ServicesErrorCode } from './errors.ts';
export { SERVICE_NAMES, parseServiceNames, type ServiceName } from './names.ts';
export { DEFAULT_SERVICE_PORTS, SERVICE_PORT_ENV, defaultServicesDir, type ServicePorts, type ServicesOptions } from './options.ts';
export type { ServiceAddresses } from './state.ts';
export { runningServiceAddresses } from './addresses.ts';
export { servicesUp } from './up.ts';
export type { StartedService } from './lifecycle.ts';
export { servicesDown, type StoppedService } from './down.ts';
export { servicesStatus, type ServiceStatus, type ServicesStatus } from './status.ts';
export { servicesReset } from './reset.ts';
export { KAFKA_VERSION } from './kafka.ts';
export { POSTGRES_DATABASE, POSTGRES_PASSWORD, POSTGRES_USER } from './postgres.ts';
