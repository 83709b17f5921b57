/** The key of the object that stands for a spout msgId Storm could not give back as it was. */
const TOKEN_KEY = 'twinstorm.msgId';

/**
 * Spout msgIds on the wire. ShellSpout keeps the `id` of an emit as json-smart parsed it and writes it back in
 * `ack` / `fail`: strings and safe integers come back equal, but an object comes back with its keys reordered
 * (a HashMap), a float through Java's Double.toString, and the identity of any object is lost. So strings and
 * safe integers travel as themselves (readable in Storm's logs), and every other msgId travels as a token
 * `{"twinstorm.msgId": n}` whose original value is kept here until Storm acks or fails it: user code gets back
 * exactly the value it emitted, as on the local engine.
 */
export class MsgIdTable {
  readonly #byToken = new Map<number, unknown>();
  #next = 1;

  /** msgIds waiting for their ack / fail. */
  get size(): number {
    return this.#byToken.size;
  }

  /** The JSON of a msgId for an emit's `id`, or undefined for an unreliable emit (no msgId). */
  toWire(msgId: unknown): string | undefined {
    if (msgId === undefined || msgId === null) return undefined;
    if (typeof msgId === 'string') return JSON.stringify(msgId);
    if (typeof msgId === 'number' && Number.isSafeInteger(msgId) && !Object.is(msgId, -0)) return String(msgId);
    const token = this.#next++;
    this.#byToken.set(token, msgId);
    return `{"${TOKEN_KEY}":${token}}`;
  }

  /** The user's msgId for an `id` Storm sent back in ack / fail (and forgets the token). */
  fromWire(id: unknown): unknown {
    if (typeof id !== 'object' || id === null) return id;
    const token = (id as Record<string, unknown>)[TOKEN_KEY];
    if (typeof token !== 'number' || !this.#byToken.has(token)) return id;
    const msgId = this.#byToken.get(token);
    this.#byToken.delete(token);
    return msgId;
  }

  /** Forgets a token whose emit was refused before it was sent. */
  forget(wire: string): void {
    const match = /^\{"twinstorm\.msgId":(\d+)\}$/.exec(wire);
    if (match !== null) this.#byToken.delete(Number(match[1]));
  }
}
