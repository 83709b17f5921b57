#!/usr/bin/env node
// Registers tsx so the CLI (and the user's topology.ts) load as TypeScript without a build step.
import { register } from 'tsx/esm/api';

register();
// Tells @twinstorm/local's loadTopology that this thread already has tsx (it registers it itself otherwise).
// The key must match TSX_REGISTERED in packages/local/src/load-topology.ts: this plain-JS bin cannot import it before
// tsx is registered. test/cli/bin.test.ts checks that the two keys agree.
globalThis[Symbol.for('twinstorm.tsx.registered')] = true;
await import('../src/main.ts');
