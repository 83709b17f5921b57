// The entry point of every worker thread: registers tsx (this file is plain JS so it can run before any loader
// exists), then imports the TypeScript module named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
// Tells loadTopology this thread has tsx already (TSX_REGISTERED in ../load-topology.ts).
globalThis[Symbol.for('twinstorm.tsx.registered')] = true;
await import(workerData.entry);
