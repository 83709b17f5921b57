// The twinstorm CLI as a library: run it in-process (tests, wrappers) or reuse its renderers.
export { runCli, type CliOutput } from './cli.ts';
export { createProgram, type CommandHandlers, type ProgramOutput } from './program.ts';
export { CliError, errorLine, type CliErrorCode } from './errors.ts';
export { processHandlers } from './handlers.ts';
export { renderMermaid } from './render/graph-mermaid.ts';
export { renderDot } from './render/graph-dot.ts';
export { renderRunReport, type ReportOptions } from './render/snapshot-table.ts';
export { runtimeDir } from './status/runtime-dir.ts';
export { fetchStatus } from './status/status-client.ts';
export type { RegistryEntry, StatusPayload } from './status/status-types.ts';
