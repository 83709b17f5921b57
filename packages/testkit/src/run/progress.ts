import type { TopologySpec } from '@twinstorm/core';
import type { SinkReport } from '../sink/protocol.ts';
import type { CapturedTuple, Observation, RejectedTuple, RunProgress, SettledTuple } from './types.ts';

/** Turns the sink's reports into the run's progress, incrementally (each report is read once). */
export class ProgressRecorder {
  readonly captured: CapturedTuple[] = [];
  readonly observations: Observation[] = [];
  readonly settled: SettledTuple[] = [];
  readonly rejected: RejectedTuple[] = [];
  emitted = 0;
  readonly #emittedAt = new Map<string, number>();
  readonly #settledKeys = new Set<string>();
  readonly #outstanding = new Map<string, number>();
  readonly #maxOutstanding: Record<string, number> = {};
  /** Duplicate settles (a runtime telling a spout twice): a bug worth a loud failure. */
  readonly anomalies: string[] = [];
  #read = 0;

  constructor(
    private readonly spec: TopologySpec,
    readonly expected: number,
  ) {}

  /** Reads the reports that arrived since the last call. */
  update(reports: readonly SinkReport[]): void {
    for (; this.#read < reports.length; this.#read++) this.#apply(reports[this.#read]!);
  }

  /** True once every fixture tuple is acked, failed or refused. */
  get allSettled(): boolean {
    return this.settled.length + this.rejected.length >= this.expected;
  }

  /** The progress as `until` and the result see it. */
  snapshot(): RunProgress {
    return {
      captured: this.captured,
      observations: this.observations,
      settled: this.settled,
      rejected: this.rejected,
      emitted: this.emitted,
      expected: this.expected,
      maxOutstanding: { ...this.#maxOutstanding },
    };
  }

  /** Fixture tuples emitted and not settled, as `spout#index`. */
  unsettled(): string[] {
    return [...this.#emittedAt.keys()].filter((k) => !this.#settledKeys.has(k));
  }

  #apply(r: SinkReport): void {
    switch (r.t) {
      case 'capture': {
        const fields = this.spec.components.find((c) => c.id === r.component)?.streams[r.stream]?.fields ?? [];
        this.captured.push({
          component: r.component,
          stream: r.stream,
          fields,
          values: r.values,
          sourceTask: r.sourceTask,
          taskIndex: r.taskIndex,
        });
        return;
      }
      case 'observe':
        this.observations.push({ component: r.component, task: r.task, taskIndex: r.taskIndex, kind: r.kind, data: r.data, at: r.at });
        return;
      case 'reject':
        this.rejected.push({ spout: r.spout, index: r.index, message: r.message });
        return;
      case 'emit': {
        this.emitted++;
        this.#emittedAt.set(`${r.spout}#${r.index}`, r.at);
        const task = `${r.spout}:${r.task}`;
        const out = (this.#outstanding.get(task) ?? 0) + 1;
        this.#outstanding.set(task, out);
        this.#maxOutstanding[task] = Math.max(out, this.#maxOutstanding[task] ?? 0);
        return;
      }
      case 'settle': {
        const key = `${r.spout}#${r.index}`;
        if (this.#settledKeys.has(key)) {
          this.anomalies.push(`fixture tuple ${key} was settled twice (now: ${r.outcome})`);
          return;
        }
        this.#settledKeys.add(key);
        const task = `${r.spout}:${r.task}`;
        this.#outstanding.set(task, (this.#outstanding.get(task) ?? 0) - 1);
        this.settled.push({
          spout: r.spout,
          index: r.index,
          outcome: r.outcome,
          task: r.task,
          emittedAt: this.#emittedAt.get(key) ?? null,
          at: r.at,
        });
        return;
      }
    }
  }
}
