/** @module Test-side P3 host: a TCP (or any byte stream) reader that decodes what the simulator sends with the project's decoder. */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../appliance/simulator/index.ts';
import { P3Decoder, type DecodedFrame, type PassingRecord } from '../../../shared/p3/index.ts';

export interface P3Host {
  /** Good frames, in arrival order. */
  readonly frames: DecodedFrame[];
  /** Frames the decoder refused (CRC, LENGTH, escape faults). */
  bad(): number;
  /** Every byte received, as it arrived. */
  bytes(): Buffer;
  passings(): PassingRecord[];
  push(chunk: Uint8Array): void;
  /** Resolves once `test` holds for the frames received so far. */
  until(what: string, test: (frames: DecodedFrame[]) => boolean, timeoutMs?: number): Promise<void>;
}

export function p3Host(): P3Host {
  const frames: DecodedFrame[] = [];
  let bad = 0;
  const chunks: Buffer[] = [];
  const waiters = new Set<() => void>();
  const decoder = new P3Decoder({ onRecord: (d) => frames.push(d), onBad: () => bad++ });
  return {
    frames,
    bad: () => bad,
    bytes: () => Buffer.concat(chunks),
    passings: () => frames.flatMap(({ record }) => (record.type === 'PASSING' ? [record] : [])),
    push(chunk) {
      chunks.push(Buffer.from(chunk));
      decoder.push(chunk);
      for (const wake of waiters) wake();
    },
    until(what, test, timeoutMs = 15_000) {
      if (test(frames)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}; ${frames.length} frames so far`));
        }, timeoutMs);
        const check = () => {
          if (!test(frames)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
  };
}

export interface TcpHost extends P3Host {
  socket: Socket;
  /** Settles when the simulator closes the connection. */
  closed: Promise<void>;
}

export async function connectHost(port: number): Promise<TcpHost> {
  const socket = connect(port, '127.0.0.1');
  const host = p3Host();
  socket.on('data', (chunk: Buffer) => host.push(chunk));
  socket.on('error', () => undefined);
  const closed = once(socket, 'close').then(() => undefined);
  await once(socket, 'connect');
  return Object.assign(host, { socket, closed });
}

/** Field ids of an unescaped frame's TLV body, in wire order. */
export function fieldOrder(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  for (let at = 10; at + 2 <= bytes.length - 1; at += 2 + bytes[at + 1]!) ids.push(bytes[at]!);
  return ids;
}

export const isType = (type: string) => (d: DecodedFrame) => d.record.type === type;

/**
 * Starts a simulator paused, connects a host, waits for the decoder's hello, then lets the
 * scenario run: no passing goes out before someone is listening.
 */
export async function startAndConnect(
  options: SimulatorOptions,
  defer: (cleanup: () => unknown) => void,
): Promise<{ sim: Simulator; h: TcpHost }> {
  const sim = await startSimulator(options);
  sim.pause();
  defer(() => sim.stop());
  const h = await connectHost(sim.port!);
  defer(() => h.socket.destroy());
  await h.until('the hello frame', (f) => f.length >= 1);
  sim.resume();
  return { sim, h };
}
