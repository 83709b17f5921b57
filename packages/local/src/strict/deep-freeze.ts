/**
 * Freezes an emitted value and everything inside it (strict mode): on Storm the values are serialized at the emit,
 * so changing them afterwards changes nothing downstream, while on the local engine receivers share them; frozen, a
 * later change throws in the emitter's own code instead of diverging silently. Only for values already checked to
 * be plain JSON (no cycles).
 */
export function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze((value as unknown[])[i]);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) deepFreeze(record[key]);
}
