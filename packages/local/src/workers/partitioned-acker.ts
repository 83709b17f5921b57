import { XorAcker } from '../acker.ts';
import { ROOT_STRIDE, rootOwner, rootTag } from './root-numbering.ts';

/** Where updates of other threads' trees go: the batch for the owning thread. */
export interface AckSender {
  sendAck(thread: number, root: number, hi: number, lo: number): void;
  sendFail(thread: number, root: number): void;
}

/**
 * The acker of one worker thread: Storm's XOR acker for the trees of this thread's spout tasks (timeouts and max spout
 * pending stay with the spout), and a forwarder for acks and fails of trees other threads own — the same XOR values,
 * carried in the batches between threads, applied by the owner in any order (XOR commutes).
 */
export class PartitionedAcker extends XorAcker {
  constructor(
    now: () => number,
    private readonly thread: number,
    private readonly threads: number,
    incarnation: number,
    private readonly sender: AckSender,
  ) {
    super(now, rootTag(thread, threads, incarnation), ROOT_STRIDE);
  }

  override update(root: number, hi: number, lo: number): void {
    const owner = rootOwner(root, this.threads);
    if (owner === this.thread) super.update(root, hi, lo);
    else this.sender.sendAck(owner, root, hi, lo);
  }

  override fail(root: number): void {
    const owner = rootOwner(root, this.threads);
    if (owner === this.thread) super.fail(root);
    else this.sender.sendFail(owner, root);
  }

  /** An update another thread sent for a tree of this thread. */
  updateOwn(root: number, hi: number, lo: number): void {
    super.update(root, hi, lo);
  }

  /** A fail another thread sent for a tree of this thread. */
  failOwn(root: number): void {
    super.fail(root);
  }
}
