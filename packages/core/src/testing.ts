// @twinstorm/core/testing: test support every package's tests may import (core depends on nothing, so no cycle).
export { waitFor, type WaitForOptions } from './wait-for.ts';
export { dieBy, type KillMode } from './thread-death.ts';
