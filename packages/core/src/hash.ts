/**
 * Storm's fields-grouping choice: `Math.floorMod(Arrays.deepHashCode(values), numTasks)` with Java's
 * hashCode of the objects Storm's JSON parser yields for these values.
 * (Placeholder signature; implemented and tested against JVM values in hash work.)
 */
export function javaHashCode(value: unknown): number {
  if (typeof value === 'string') {
    let h = 0;
    for (let i = 0; i < value.length; i++) h = (Math.imul(h, 31) + value.charCodeAt(i)) | 0;
    return h;
  }
  throw new Error('javaHashCode: not implemented for ' + typeof value);
}

/** `Arrays.deepHashCode` of the grouping values. */
export function listHashCode(values: readonly unknown[]): number {
  let h = 1;
  for (let i = 0; i < values.length; i++) h = (Math.imul(h, 31) + javaHashCode(values[i])) | 0;
  return h;
}

/** The task index (0-based, into the ascending task ids) Storm's fields grouping picks. */
export function fieldsGroupingIndex(values: readonly unknown[], numTasks: number): number {
  const h = listHashCode(values);
  return ((h % numTasks) + numTasks) % numTasks;
}
