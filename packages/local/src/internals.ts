// @twinstorm/local/internals: engine parts that are not the user API but that benchmarks and end-to-end tests measure
// or check directly (the worker threads' ring and wire encoding and task placement; the flag the tsx loader
// registration sets).
export { allocateRing, RingReader, RingWriter, type RingMemory } from './workers/ring.ts';
export { WireReader } from './workers/wire-reader.ts';
export { WireWriter } from './workers/wire-writer.ts';
export { TSX_REGISTERED } from './load-topology.ts';
export { placeTasks } from './workers/placement.ts';
