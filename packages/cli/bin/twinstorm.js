#!/usr/bin/env node
// Registers tsx so the CLI (and the user's topology.ts) load as TypeScript without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
