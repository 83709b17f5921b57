/** What the acker tells a spout task when one of its tuple trees ends. */
export interface TreeOwner {
  /** The tree completed (`acked`) or failed; `latencyMs` is from the spout emit. */
  treeDone(msgId: unknown, acked: boolean, latencyMs: number): void;
}

interface PendingTree {
  hi: number;
  lo: number;
  owner: TreeOwner;
  msgId: unknown;
  startedAt: number;
  generation: number;
}

/**
 * Storm's XOR acker: one entry per pending spout tuple holding the XOR of every edge id seen so far, so memory
 * is constant per tree however large the tree grows. The tree is complete when the XOR returns to zero.
 * Timeouts work like Storm's RotatingMap with two buckets: a tree expires between T and 2T after its emit.
 */
export class XorAcker {
  readonly #pending = new Map<number, PendingTree>();
  /** The tree of the last lookup: a tree's acks come in a burst (its tasks run depth-first), so most skip the map. */
  #lastRoot = Number.NaN;
  #lastTree: PendingTree | undefined = undefined;
  #nextRoot: number;
  readonly #stride: number;
  #generation = 0;

  /**
   * Root keys are `tag + k * stride` for k = 1, 2, ...: in one thread 1, 2, 3, ...; with worker threads each thread (and
   * each restart of it) has its own tag, so a root names the acker that owns it and keys never collide.
   */
  constructor(
    private readonly now: () => number,
    tag = 0,
    stride = 1,
  ) {
    this.#stride = stride;
    this.#nextRoot = tag + stride;
  }

  /** Number of trees pending over all spout tasks. */
  get size(): number {
    return this.#pending.size;
  }

  /** A fresh root key for a spout tuple about to be emitted (its copies carry it before the tree starts). */
  newRoot(): number {
    const root = this.#nextRoot;
    this.#nextRoot += this.#stride;
    return root;
  }

  /**
   * Opens a tree before its copies are delivered: with direct dispatch, downstream tasks may ack (or fail) before
   * the emit returns. Like Storm's acker, which accepts acks that arrive before the init, the XOR starts at zero.
   */
  start(root: number, owner: TreeOwner, msgId: unknown, startedAt: number): void {
    const tree: PendingTree = { hi: 0, lo: 0, owner, msgId, startedAt, generation: this.#generation };
    this.#pending.set(root, tree);
    this.#lastRoot = root;
    this.#lastTree = tree;
  }

  /** Forgets a tree whose emit was refused before any copy was delivered (the emit threw; nothing to ack or fail). */
  discard(root: number): boolean {
    return this.#remove(root);
  }

  /**
   * XORs an ack's value into a tree (or, once per tree, the spout copies' edge ids: Storm's ACKER_INIT); completes it
   * when the XOR reaches zero. Unknown roots are ignored (timed out or failed, or failed while being delivered).
   */
  update(root: number, hi: number, lo: number): void {
    const tree = this.#lookup(root);
    if (tree === undefined) return;
    tree.hi ^= hi;
    tree.lo ^= lo;
    if ((tree.hi | tree.lo) === 0) {
      this.#remove(root);
      tree.owner.treeDone(tree.msgId, true, this.now() - tree.startedAt);
    }
  }

  /** Fails a tree at once (explicit fail anywhere in it). */
  fail(root: number): void {
    const tree = this.#lookup(root);
    if (tree === undefined) return;
    this.#remove(root);
    tree.owner.treeDone(tree.msgId, false, this.now() - tree.startedAt);
  }

  /** The pending tree of `root`, remembered for the next lookup. */
  #lookup(root: number): PendingTree | undefined {
    if (root === this.#lastRoot) return this.#lastTree;
    const tree = this.#pending.get(root);
    this.#lastRoot = root;
    this.#lastTree = tree;
    return tree;
  }

  /** Takes a tree out of the pending map, and out of the remembered lookup if it is the one remembered. */
  #remove(root: number): boolean {
    if (root === this.#lastRoot) {
      this.#lastRoot = Number.NaN;
      this.#lastTree = undefined;
    }
    return this.#pending.delete(root);
  }

  /**
   * Called every timeout period T: trees started two rotations ago are failed. Map iteration follows insertion
   * order, which is also age order, so only the expired prefix is visited.
   */
  rotate(): number {
    this.#generation++;
    let expired = 0;
    for (const [root, tree] of this.#pending) {
      if (tree.generation > this.#generation - 2) break;
      this.#remove(root);
      expired++;
      tree.owner.treeDone(tree.msgId, false, this.now() - tree.startedAt);
    }
    return expired;
  }
}
