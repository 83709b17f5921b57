import type { RunSnapshot } from '@twinstorm/local';

/** What a running `twinstorm run` records in the registry dir so `twinstorm status` can find it. */
export interface RegistryEntry {
  name: string;
  pid: number;
  /** The Unix socket serving GET /status. */
  socket: string;
  /** The topology's name (the run's name may differ, with --name). */
  topology: string;
  /** ISO time the run started. */
  startedAt: string;
}

/** The body of GET /status: the engine's snapshot plus who is running it. */
export type StatusPayload = RunSnapshot & { name: string; pid: number; startedAt: string };
