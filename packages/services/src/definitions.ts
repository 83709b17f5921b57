import { kafka } from './kafka.ts';
import type { ServiceName } from './names.ts';
import { postgres } from './postgres.ts';
import { redis } from './redis.ts';
import type { ServiceDefinition } from './service.ts';

/** Each service's definition, by name. */
export const DEFINITIONS: { readonly [N in ServiceName]: ServiceDefinition<N> } = { kafka, postgres, redis };
