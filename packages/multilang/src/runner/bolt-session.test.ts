import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import topology from './fixtures/topology.ts';
import { commands, runInMemory } from './fixtures/in-memory-runner.ts';

const tuple = (id: string, values: unknown[], comp = 'numbers', stream = 'default', task = 1) => ({
  id,
  comp,
  stream,
  task,
  tuple: values,
});
const heartbeat = (id: string) => ({ id, comp: null, stream: '__heartbeat', task: -1, tuple: [] });

describe('bolt runner', () => {
  it('handshakes: pid file in pidDir, then {"pid"}', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.handshake(storm.tasksOf('pass')[1]);
    await storm.waitFor((f) => f.length >= 1, 'the pid reply');
    expect(storm.frames[0]).toEqual({ pid: 4242 });
    expect(existsSync(path.join(storm.pidDir, '4242'))).toBe(true);
    storm.input.end();
    expect(await storm.exit).toBe(0);
    expect(storm.stderr()).toBe('');
  });

  it('passes a tuple through: one anchored emit (need_task_ids false), then the ack, ids echoed unchanged', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.handshake();
    storm.send(tuple('-6955102939348410000', ['hello']));
    await storm.waitFor((f) => commands(f, 'ack').length === 1, 'the ack');
    expect(storm.frames.slice(1)).toEqual([
      { command: 'emit', tuple: ['hello'], anchors: ['-6955102939348410000'], need_task_ids: false },
      { command: 'ack', id: '-6955102939348410000' },
    ]);
    storm.input.end();
    expect(await storm.exit).toBe(0);
    expect(storm.outputError).toBeUndefined();
  });

  it('answers heartbeats with sync and never acks them', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.handshake();
    storm.send(heartbeat('1'));
    storm.send(tuple('2', ['x']));
    storm.send(heartbeat('3'));
    await storm.waitFor((f) => commands(f, 'sync').length === 2 && commands(f, 'ack').length === 1, 'two syncs and an ack');
    expect(commands(storm.frames, 'ack')).toEqual([{ command: 'ack', id: '2' }]);
    storm.input.end();
    await storm.exit;
  });

  it('fails a tuple the bolt fails, and fails + reports one whose execute throws', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.handshake();
    storm.send(tuple('10', ['fail']));
    storm.send(tuple('11', ['throw']));
    storm.send(tuple('12', ['ok']));
    await storm.waitFor((f) => commands(f, 'ack').length === 1, 'the last ack');
    expect(commands(storm.frames, 'fail')).toEqual([
      { command: 'fail', id: '10' },
      { command: 'fail', id: '11' },
    ]);
    const [error] = commands(storm.frames, 'error');
    expect(error?.['msg']).toMatch(/^Error: boom in execute\n\s+at /);
    storm.input.end();
    expect(await storm.exit).toBe(0);
  });

  it('refuses in user code what Storm would kill the worker for, with the local engine codes', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.handshake();
    for (const [i, word] of ['undeclared', 'wrong-count', 'direct-on-plain', 'infinity'].entries()) storm.send(tuple(String(i), [word]));
    await storm.waitFor((f) => commands(f, 'fail').length === 4, 'four fails');
    const errors = commands(storm.frames, 'error').map((e) => String(e['msg']).split('\n')[0]);
    expect(errors).toEqual([
      'TwinstormError: component "pass", task 5, stream "nope": emitted to a stream it did not declare (declared: default, direct)',
      'TwinstormError: component "pass", task 5, stream "default": emitted 2 value(s) but the stream declares 1 field(s) [word]',
      'TwinstormError: component "pass", task 5, stream "default": emitDirect on a stream not declared direct',
      'TwinstormError: component "pass", task 5, stream "default": the values cannot be sent to Storm: the values[0] is Infinity, which Storm\'s JSON cannot carry',
    ]);
    expect(commands(storm.frames, 'emit')).toEqual([]);
    storm.input.end();
    await storm.exit;
  });

  it("gives user code Storm's context: task id, task index, component tasks, output fields", async () => {
    const storm = runInMemory(topology, 'pass');
    const tasks = storm.tasksOf('pass');
    storm.handshake(tasks[1]);
    storm.send(tuple('1', ['context']));
    await storm.waitFor((f) => commands(f, 'ack').length === 1, 'the ack');
    const info = JSON.parse(String((commands(storm.frames, 'emit')[0]?.['tuple'] as unknown[])[0])) as Record<string, unknown>;
    expect(info).toEqual({ task: tasks[1], index: 1, pass: tasks, of5: 'pass', out: ['word'] });
    storm.input.end();
    await storm.exit;
  });

  it('hands integers beyond 2^53 to user code as exact bigints, and writes them back exactly', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.handshake();
    storm.sendRaw('{"comp":"numbers","tuple":[9007199254740993],"task":1,"stream":"default","id":"2"}\nend\n');
    await storm.waitFor((f) => commands(f, 'ack').length === 1, 'the ack');
    expect(commands(storm.frames, 'emit')[0]?.['tuple']).toEqual([9007199254740993n]);
    expect(storm.raw()).toContain('{"command":"emit","tuple":[9007199254740993],"anchors":["2"],"need_task_ids":false}');
    storm.input.end();
    await storm.exit;
  });

  it('sends metrics for stormMetric', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.handshake();
    storm.send(tuple('1', ['metric']));
    await storm.waitFor((f) => commands(f, 'ack').length === 1, 'the ack');
    expect(commands(storm.frames, 'metrics')).toEqual([{ command: 'metrics', name: 'latency', params: { value: 7 } }]);
    storm.input.end();
    await storm.exit;
  });

  it('keeps ShellBolt satisfied with a sync every second while input is paused', async () => {
    const storm = runInMemory(topology, 'slow', { maxInFlight: 1 });
    storm.handshake();
    for (let i = 0; i < 3; i++) storm.send(tuple(String(i), [1300]));
    await storm.waitFor((f) => commands(f, 'sync').length >= 1, 'a keep-alive sync', 2000);
    expect(commands(storm.frames, 'ack')).toEqual([]);
    storm.events.emit('SIGTERM');
    expect(await storm.exit).toBe(143);
  });

  it('under stdout back-pressure stops executing until drain, and loses nothing', async () => {
    const { Writable } = await import('node:stream');
    const { FrameDecoder } = await import('../codec/frame-decoder.ts');
    const seen: unknown[] = [];
    const decoder = new FrameDecoder({ onFrame: (m) => seen.push(m), onError: (e) => seen.push(e) });
    let writes = 0;
    const slow = new Writable({
      highWaterMark: 64,
      write(chunk: Buffer, _encoding, done) {
        writes++;
        decoder.push(chunk);
        setTimeout(done, 3);
      },
    });
    const storm = runInMemory(topology, 'pass', { output: slow });
    storm.handshake();
    for (let i = 0; i < 60; i++) {
      storm.send(tuple(String(i), [`w${i}`]));
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const deadline = Date.now() + 10_000;
    while (commands(seen, 'ack').length < 60 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(commands(seen, 'ack').map((a) => a['id'])).toEqual(Array.from({ length: 60 }, (_, i) => String(i)));
    expect(commands(seen, 'emit')).toHaveLength(60);
    expect(writes).toBeGreaterThan(1);
    storm.input.end();
    expect(await storm.exit).toBe(0);
  });

  it('emits direct with the task and no task-id request', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.handshake();
    storm.send(tuple('7', ['direct']));
    await storm.waitFor((f) => commands(f, 'ack').length === 1, 'the ack');
    expect(commands(storm.frames, 'emit')[0]).toEqual({ command: 'emit', stream: 'direct', tuple: ['direct'], anchors: ['7'], task: 3 });
    storm.input.end();
    await storm.exit;
  });

  it('resolves emitWithTaskIds from the FIFO of task-id replies interleaved with tuples', async () => {
    const storm = runInMemory(topology, 'task-ids');
    storm.handshake();
    storm.send(tuple('1', [0]));
    storm.send(tuple('2', [0]));
    await storm.waitFor((f) => commands(f, 'emit').length === 2, 'two emits asking for task ids');
    expect(commands(storm.frames, 'emit').map((e) => e['need_task_ids'])).toEqual([true, true]);
    storm.send([7, 8, 9]);
    storm.send(heartbeat('h'));
    storm.send([7]);
    await storm.waitFor((f) => commands(f, 'ack').length === 2, 'two acks');
    const counts = commands(storm.frames, 'emit').filter((e) => e['need_task_ids'] === false);
    expect(counts.map((e) => e['tuple'])).toEqual([[3], [1]]);
    storm.input.end();
    await storm.exit;
  });

  it('answers heartbeats within a second while executions await, and bounds tuples in flight', async () => {
    const storm = runInMemory(topology, 'slow', { maxInFlight: 2 });
    storm.handshake();
    storm.send(tuple('a', [1500], 'numbers'));
    storm.send(tuple('b', [1500], 'numbers'));
    storm.send(tuple('c', [10], 'numbers'));
    const started = Date.now();
    storm.send(heartbeat('h1'));
    await storm.waitFor((f) => commands(f, 'sync').length === 1, 'the heartbeat answer', 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    // c waits for a free slot: nothing acked before a or b is done.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(commands(storm.frames, 'ack')).toEqual([]);
    await storm.waitFor((f) => commands(f, 'ack').length === 3, 'three acks', 4000);
    expect(commands(storm.frames, 'ack').map((a) => a['id'])).toEqual(['a', 'b', 'c']);
    storm.input.end();
    await storm.exit;
  });

  it('BasicBolt: anchors to the input, acks after its emits, fails and reports on a throw', async () => {
    const storm = runInMemory(topology, 'sum');
    storm.handshake();
    storm.send(tuple('1', [2], 'slow'));
    storm.send(tuple('2', [-1], 'slow'));
    storm.send(tuple('3', [3], 'slow'));
    await storm.waitFor((f) => commands(f, 'ack').length === 2 && commands(f, 'fail').length === 1, 'acks and the fail');
    expect(storm.frames.slice(1).map((f) => (f as { command: string }).command)).toEqual(['emit', 'ack', 'error', 'fail', 'emit', 'ack']);
    expect(commands(storm.frames, 'emit')).toEqual([
      { command: 'emit', tuple: [2], anchors: ['1'], need_task_ids: false },
      { command: 'emit', tuple: [5], anchors: ['3'], need_task_ids: false },
    ]);
    storm.input.end();
    await storm.exit;
  });

  it('delivers tick tuples to execute and acks those the bolt left unacked', async () => {
    const storm = runInMemory(topology, 'ticks');
    storm.handshake();
    storm.send(tuple('t1', [5], '__system', '__tick', -1));
    storm.send(tuple('n1', [1]));
    await storm.waitFor((f) => commands(f, 'ack').length === 2, 'both acks');
    expect(commands(storm.frames, 'emit').map((e) => e['tuple'])).toEqual([['tick 5'], ['tuple']]);
    expect(commands(storm.frames, 'ack').map((a) => a['id'])).toEqual(['t1', 'n1']);
    storm.input.end();
    await storm.exit;
  });

  it('exits with E_USER_CODE after reporting a throw in prepare', async () => {
    const storm = runInMemory(topology, 'broken-prepare');
    storm.handshake();
    expect(await storm.exit).toBe(30);
    const [error] = commands(storm.frames, 'error');
    expect(error?.['msg']).toMatch(/prepare\(\) threw: cannot prepare/);
    expect(storm.stderr()).toMatch(
      /^twinstorm component: component "broken-prepare", task \d+, pid 4242: prepare\(\) threw: cannot prepare \[E_USER_CODE, exit 30\]\n$/,
    );
  });

  it('names the component and task once when the error thrown in prepare names them already', async () => {
    const storm = runInMemory(topology, 'unreachable-db');
    storm.handshake();
    expect(await storm.exit).toBe(30);
    expect(storm.stderr()).toMatch(
      /^twinstorm component: component "unreachable-db", task \d+, pid 4242: prepare\(\) threw: cannot reach the database \[E_USER_CODE, exit 30\]\n$/,
    );
  });

  it('exits 143 on SIGTERM after running cleanup and flushing', async () => {
    const storm = runInMemory(topology, 'pass');
    storm.handshake();
    storm.send(tuple('1', ['x']));
    await storm.waitFor((f) => commands(f, 'ack').length === 1, 'the ack');
    const started = Date.now();
    storm.events.emit('SIGTERM');
    expect(await storm.exit).toBe(143);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
