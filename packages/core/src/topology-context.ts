import type { TopologySpec } from './spec.ts';

/** What a task knows about itself and the topology, mirroring Storm's TopologyContext. */
export interface TopologyContext {
  /** The whole topology (Storm's getRawTopology); absent where the runtime has only Storm's handshake (a multilang child). */
  readonly spec?: TopologySpec;
  readonly topologyName: string;
  /** This task's id (Storm's numbering: components sorted by id, tasks from 1). */
  readonly taskId: number;
  readonly componentId: string;
  /** Position of this task among its component's tasks, from 0. */
  readonly taskIndex: number;
  /** The task ids of a component, ascending; empty for an unknown component. */
  componentTasks(componentId: string): readonly number[];
  /** The component a task belongs to. */
  componentFor(taskId: number): string | undefined;
  /** The fields this component declared for a stream of its own (default stream if omitted). */
  outputFields(stream?: string): readonly string[];
}
