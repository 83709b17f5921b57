import { stringifyStormJson } from '../codec/storm-json.ts';

/** A short, always printable rendering of a received value for error messages (bigints and NaN included). */
export function preview(value: unknown, max = 200): string {
  let text: string;
  try {
    text = stringifyStormJson(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}... (${text.length} chars)` : text;
}
