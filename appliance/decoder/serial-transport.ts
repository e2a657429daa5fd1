/** @module Serial transport (serialport 13): one SerialPort per attempt, never reused, so a replugged adapter gets a clean open (stack.md §5). */
import type { SerialPort } from 'serialport';
import type { Transport, TransportHandlers } from './transport.ts';

export interface SerialTarget {
  path: string;
  baudRate: number;
}

/** The native binding says "Error: No such file or directory, cannot open /dev/x"; the path is already in our reason. */
function message(err: unknown, path: string): string {
  return (err instanceof Error ? err.message : String(err)).replace(/^Error: /, '').replace(`, cannot open ${path}`, '');
}

/**
 * Opens `path` without SerialPort.list(), which needs udev (absent in containers). serialport is
 * imported on first use, so a box on TCP never loads the native binding.
 */
export function openSerial({ path, baudRate }: SerialTarget, handlers: TransportHandlers): Transport {
  let port: SerialPort | undefined;
  let finished = false;
  let detail: string | undefined;
  let ended = false;
  let paused = false;
  const finish = (reason: string) => {
    if (finished) return;
    finished = true;
    handlers.close(reason);
  };

  const opened: Promise<boolean> = (async () => {
    try {
      const { SerialPort } = await import('serialport');
      const created = new SerialPort({ path, baudRate, autoOpen: false });
      port = created;
      created.on('data', (chunk: Buffer) => handlers.data(chunk));
      created.on('error', (err: Error) => {
        detail ??= message(err, path);
      });
      // A read of 0 bytes ends the stream without a disconnect error; the device is gone either way.
      created.on('end', () => {
        ended = true;
        if (created.isOpen) created.close(() => undefined);
      });
      created.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
        if (err?.disconnected || ended) finish(`serial port ${path} unplugged`);
        else finish(detail ? `serial port ${path} closed: ${detail}` : `serial port ${path} closed`);
      });
      await new Promise<void>((resolve, reject) => created.open((err) => (err ? reject(err) : resolve())));
      if (paused) created.pause();
    } catch (err) {
      finish(`cannot open serial port ${path}: ${message(err, path)}`);
      return false;
    }
    if (!finished) handlers.open();
    return true;
  })();

  return {
    write(bytes) {
      if (!port?.isOpen) return false;
      port.write(Buffer.from(bytes), (err) => {
        if (err) detail ??= message(err, path);
      });
      return true;
    },
    pause() {
      paused = true;
      port?.pause();
    },
    resume() {
      paused = false;
      port?.resume();
    },
    async close() {
      finished = true;
      // serialport refuses close() while an open is in flight, so wait for the open to settle first.
      if (!(await opened) || !port?.isOpen) return;
      const open = port;
      await new Promise<void>((resolve) => open.close(() => resolve()));
    },
  };
}
