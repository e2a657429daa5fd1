/** @module The contract between the link and a transport (TCP or serial): one byte pipe, opened once, closed once with a reason. */

export interface TransportHandlers {
  /** The pipe is usable: TCP connected, serial port open. */
  open(): void;
  data(chunk: Buffer): void;
  /** Called at most once, never synchronously from the opener, with a reason a technician can act on. */
  close(reason: string): void;
}

export interface Transport {
  /** Queues bytes for the decoder; false when the pipe is not open. */
  write(bytes: Uint8Array): boolean;
  /**
   * Stops reading: the bytes wait in the OS buffer and then in the decoder, which keeps its
   * own passings, instead of in our memory. `resume()` reads again.
   */
  pause(): void;
  resume(): void;
  /** Releases the pipe; resolves once it is released, never rejects. */
  close(): Promise<void>;
}
