import { TwinstormError } from '@twinstorm/core';
import type { LocalTuple } from '../local-tuple.ts';
import type { TaskSink } from '../routing.ts';

/** Where a stand-in sends its copies: the transport of this thread. */
export interface TupleSender {
  sendTuple(thread: number, taskId: number, tuple: LocalTuple): void;
}

/**
 * A bolt task of another worker thread as routing sees it: groupings pick it like a local task (so fields grouping
 * picks the same task index as in one thread), and its copies are encoded into the batch for that thread.
 */
export class RemoteTask implements TaskSink {
  readonly remote = true;

  constructor(
    readonly taskId: number,
    readonly componentId: string,
    readonly thread: number,
    private readonly sender: TupleSender,
  ) {}

  /** Encodes the copy into the batch for the task's thread; values that cannot cross are refused as an emit error. */
  enqueue(tuple: LocalTuple): void {
    try {
      this.sender.sendTuple(this.thread, this.taskId, tuple);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      throw new TwinstormError('E_INVALID_VALUE', `cannot send these values to a task on another worker thread: ${error.message}`, {
        component: tuple.sourceComponent,
        task: tuple.sourceTask,
        stream: tuple.sourceStream,
      });
    }
  }
}
