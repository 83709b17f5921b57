import { readFileSync } from 'node:fs';
import { loadTopology, runLocal } from '@twinstorm/local';
import { installStdoutGuard, runComponent } from '@twinstorm/multilang';
import {
  killTopology,
  activateTopology,
  deactivateTopology,
  rebalanceTopology,
  listTopologies,
  packageTopology,
  stormClusterStatus,
  stormDown,
  stormLogs,
  stormTopologyStatus,
  stormUp,
  submitTopology,
} from '@twinstorm/cluster';
import { servicesDown, servicesReset, servicesStatus, servicesUp } from '@twinstorm/services';
import { componentCommand } from './commands/component.ts';
import { graphCommand } from './commands/graph.ts';
import { controlCommand } from './commands/control.ts';
import { killCommand } from './commands/kill.ts';
import { listCommand } from './commands/list.ts';
import { packageCommand } from './commands/package.ts';
import { submitCommand } from './commands/submit.ts';
import { runCommand } from './commands/run.ts';
import { statusCommand } from './commands/status.ts';
import { stormCommand } from './commands/storm.ts';
import { servicesCommand } from './commands/services.ts';
import type { CommandHandlers } from './program.ts';
import { reserveStdout } from './run/reserve-stdout.ts';
import { runtimeDir } from './status/runtime-dir.ts';
import { fetchStatus, fetchView } from './status/status-client.ts';
import { uiCommand } from './commands/ui.ts';

const exitProcess = process.exit.bind(process);

/** The commands wired to the real engine, filesystem, signals and process streams. */
export function processHandlers(): CommandHandlers {
  return {
    async run(topology, options) {
      // --json: reserve stdout before the topology module is even imported (it may log at import time).
      const reserved = options.json ? reserveStdout() : undefined;
      try {
        return await runCommand(topology, options, {
          load: loadTopology,
          start: runLocal,
          stdout: reserved ?? process.stdout,
          stderr: process.stderr,
          signals: process,
          // The process.exit of before the run: the engine guards process.exit during a run to report a component's.
          exitNow: exitProcess,
          runtimeDir: runtimeDir(),
          pid: process.pid,
          debug: process.env['TWINSTORM_DEBUG'] === '1',
        });
      } finally {
        reserved?.restore();
      }
    },
    status: (name, options) =>
      statusCommand(name, options, {
        runtimeDir: runtimeDir(),
        fetch: fetchStatus,
        stdout: process.stdout,
        stderr: process.stderr,
        stormStatus: stormTopologyStatus,
      }),
    package: (topology, options) => packageCommand(topology, options, { packageTopology, stdout: process.stdout, stderr: process.stderr }),
    submit: (target, options) => submitCommand(target, options, { submitTopology, stdout: process.stdout, stderr: process.stderr }),
    list: (options) => listCommand(options, { listTopologies, stdout: process.stdout }),
    kill: (name, options) => killCommand(name, options, { killTopology, stdout: process.stdout }),
    control: (action, name, options) =>
      controlCommand(action, name, options, { activateTopology, deactivateTopology, rebalanceTopology, stdout: process.stdout }),
    graph: (topology, options) => graphCommand(topology, options, { load: loadTopology, stdout: process.stdout }),
    component: (topology, componentId, options) =>
      componentCommand(topology, componentId, options, {
        installGuard: installStdoutGuard,
        load: loadTopology,
        run: runComponent,
        stdin: process.stdin,
        stderr: process.stderr,
        processEvents: process,
        pid: process.pid,
      }),
    ui: (options) =>
      uiCommand(options, {
        runtimeDir: runtimeDir(),
        fetchView,
        storm: { listTopologies, stormTopologyStatus },
        stdout: process.stdout,
        stderr: process.stderr,
        signals: process,
      }),
    storm: (action, options) =>
      stormCommand(action, options, {
        up: stormUp,
        down: stormDown,
        status: stormClusterStatus,
        logs: stormLogs,
        stdout: process.stdout,
        stderr: process.stderr,
      }),
    services: (action, names, options) =>
      servicesCommand(action, names, options, {
        up: servicesUp,
        down: servicesDown,
        status: servicesStatus,
        reset: servicesReset,
        stdout: process.stdout,
        stderr: process.stderr,
      }),
  };
}

/** The CLI's version, from its package.json. */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
