/**
 * Recorded sessions (JSONL: a header, then one line per frame either way) and their replay against a child:
 * the replay sends each recorded Storm frame once the child has written as many frames as it had at that point
 * of the recording, then compares what the child wrote with what was recorded. Useful to pin a protocol
 * exchange (e.g. one taken against storm.js, or against a real Storm) and check another adapter against it.
 */
import type { TopologySpec } from '@twinstorm/core';
import type { ChildTransport, SpawnOptions } from './child.ts';
import type { ShellRole } from './fake-storm-worker-types.ts';
import { FakeStorm } from './fake-storm-worker.ts';

/** The first line of a transcript. */
export interface TranscriptHeader {
  readonly type: 'header';
  readonly role: ShellRole;
  readonly componentId: string;
  readonly taskIndex: number;
  readonly spec: TopologySpec;
}

/** One recorded frame. */
export interface TranscriptEntry {
  readonly t: number;
  readonly dir: 'to-child' | 'from-child';
  readonly text: string;
}

/** A parsed transcript. */
export interface Transcript {
  readonly header: TranscriptHeader;
  readonly entries: readonly TranscriptEntry[];
}

/** Parses JSONL produced by FakeStorm.transcript(). */
export function parseTranscript(jsonl: string): Transcript {
  const lines = jsonl.split('\n').filter((l) => l.trim() !== '');
  const [first, ...rest] = lines;
  if (first === undefined) throw new Error('transcript: empty');
  const header = JSON.parse(first) as TranscriptHeader;
  if (header.type !== 'header') throw new Error('transcript: the first line is not a header');
  const entries = rest.map((l, i) => {
    const e = JSON.parse(l) as TranscriptEntry;
    if ((e.dir !== 'to-child' && e.dir !== 'from-child') || typeof e.text !== 'string')
      throw new Error(`transcript line ${i + 2}: not a frame entry`);
    return e;
  });
  return { header, entries };
}

/** How to run the replay. */
export interface ReplayOptions {
  readonly command?: readonly string[];
  readonly transport?: () => ChildTransport | Promise<ChildTransport>;
  readonly spawn?: SpawnOptions;
  readonly expectPid?: number;
  /** Applied to both sides' messages before comparing (default: none). */
  readonly normalize?: (msg: unknown) => unknown;
  /** Compare as multisets instead of sequences (for children with concurrent work). */
  readonly unordered?: boolean;
  /** Per-step deadline. Default 10 s. */
  readonly stepTimeoutMs?: number;
}

/** What a replay found. */
export interface ReplayResult {
  readonly ok: boolean;
  readonly differences: readonly string[];
  readonly expected: readonly unknown[];
  readonly actual: readonly unknown[];
}

/** Replays a transcript against a child (the handshake is redone with a fresh pid dir, not compared). */
export async function replayTranscript(transcript: string | Transcript, opts: ReplayOptions): Promise<ReplayResult> {
  const { header, entries } = typeof transcript === 'string' ? parseTranscript(transcript) : transcript;
  // The recorded handshake pair is replaced by the new session's own.
  const firstIn = entries.findIndex((e) => e.dir === 'from-child');
  const body = entries.filter((e, i) => i !== 0 && i !== firstIn);
  const storm = await FakeStorm.start({
    spec: header.spec,
    componentId: header.componentId,
    taskIndex: header.taskIndex,
    ...(opts.command === undefined ? {} : { command: opts.command }),
    ...(opts.transport === undefined ? {} : { transport: opts.transport }),
    ...(opts.spawn === undefined ? {} : { spawn: opts.spawn }),
    ...(opts.expectPid === undefined ? {} : { expectPid: opts.expectPid }),
    heartbeatIntervalMs: 0,
    autoTaskIds: false,
    record: true,
  });
  try {
    const framesFromChild = (): number => storm.counts.framesIn - 1; // minus the handshake reply
    let seenInRecording = 0;
    for (const e of body) {
      if (e.dir === 'from-child') {
        seenInRecording++;
        continue;
      }
      const k = seenInRecording;
      await storm.waitFor(`the child's frame #${k} (before replaying ${e.text.slice(0, 60)})`, () => framesFromChild() >= k, {
        timeoutMs: opts.stepTimeoutMs ?? 10_000,
      });
      storm.sendFrameText(e.text).catch(() => undefined); // failures surface as storm.fatal
    }
    await storm.waitFor(`all ${seenInRecording} frames from the child`, () => framesFromChild() >= seenInRecording, {
      timeoutMs: opts.stepTimeoutMs ?? 10_000,
    });
    await storm.stop();
  } finally {
    await storm.dispose();
  }
  const normalize = opts.normalize ?? ((m: unknown) => m);
  const expected = body.filter((e) => e.dir === 'from-child').map((e) => normalize(JSON.parse(e.text)));
  const actual = storm.events
    .filter((e) => e.dir === 'from-child')
    .slice(1)
    .map((e) => normalize(e.msg));
  return { ...compare(expected, actual, opts.unordered === true), expected, actual };
}

function compare(expected: readonly unknown[], actual: readonly unknown[], unordered: boolean): { ok: boolean; differences: string[] } {
  const differences: string[] = [];
  const a = actual.map((x) => JSON.stringify(x));
  const e = expected.map((x) => JSON.stringify(x));
  if (unordered) {
    const left = new Map<string, number>();
    for (const x of e) left.set(x, (left.get(x) ?? 0) + 1);
    for (const x of a) {
      const n = left.get(x) ?? 0;
      if (n === 0) differences.push(`unexpected: ${x}`);
      else left.set(x, n - 1);
    }
    for (const [x, n] of left) if (n > 0) differences.push(`missing ${n}×: ${x}`);
  } else {
    for (let i = 0; i < Math.max(a.length, e.length); i++) {
      if (a[i] !== e[i]) differences.push(`frame ${i}: expected ${e[i] ?? '(none)'}, got ${a[i] ?? '(none)'}`);
    }
  }
  return { ok: differences.length === 0, differences };
}
