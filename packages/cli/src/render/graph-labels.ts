import type { ComponentSpec, GroupingSpec, InputSpec } from '@twinstorm/core';

/** Storm's grouping names as users write them; fields groupings list their fields. */
export function groupingLabel(grouping: GroupingSpec): string {
  return grouping.type === 'fields' ? `fields(${grouping.fields.join(', ')})` : grouping.type;
}

/** The label of a subscription edge: the stream, then the grouping, e.g. `default: fields(word)`. */
export function edgeLabel(input: InputSpec): string {
  return `${input.stream}: ${groupingLabel(input.grouping)}`;
}

/** The second line of a node: its kind and parallelism, e.g. `spout x1`, `basic bolt x4`. */
export function nodeCaption(component: ComponentSpec): string {
  return `${component.kind.replace('-', ' ')} x${component.parallelism}`;
}
