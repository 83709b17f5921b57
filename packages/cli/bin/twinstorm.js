#!/usr/bin/env node
// Registers tsx so the CLI (and the user's topology.ts) load as TypeScript without a build step.
import { register } from 'tsx/esm/api';

register();
// Tells @twinstorm/local's loadTopology that this thread already has tsx (it registers it itself otherwise).
globalThis[Symbol.for('twinstorm.tsx.registered')] = true;
await import('../src/main.ts');
