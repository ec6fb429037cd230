/**
 * An abort signal created only when someone asks for it. Most requests finish without anyone listening, and an
 * AbortController per request is a measurable share of a request's cost; aborting before the signal exists is
 * remembered and applied when it is created.
 */
export class LazyAbort {
  private controller: AbortController | undefined;
  private abortedWith: { reason: unknown } | undefined;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortedWith) this.controller.abort(this.abortedWith.reason);
    }
    return this.controller.signal;
  }

  /** The reason given to abort(), or undefined while not aborted. */
  get reason(): unknown {
    return this.abortedWith?.reason;
  }

  abort(reason?: unknown): void {
    if (this.abortedWith) return;
    this.abortedWith = { reason };
    this.controller?.abort(reason);
  }
}
