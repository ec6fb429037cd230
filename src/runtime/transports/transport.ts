/** What every transport offers the server: start serving, and stop gracefully. */
export interface Transport {
  start(): Promise<void>;
  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then closes streams. */
  close(graceMs?: number): Promise<void>;
}
