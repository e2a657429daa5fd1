/** @module The decoder's serial side: the same stream written to a port or pty, host requests read back, reopened after a hang-up. */
import { SerialPort } from 'serialport';
import { P3Decoder } from '../../shared/p3/index.ts';
import type { Logger } from '../../shared/log/index.ts';
import type { Link, LinkHandlers } from './types.ts';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;
/**
 * A UART without flow control never blocks: bytes nobody reads are lost on the wire. Past
 * this backlog the writer drops frames instead of buffering them without bound.
 */
const MAX_BACKLOG_BYTES = 64 * 1024;

function openPort(path: string, baudRate: number): Promise<SerialPort> {
  // Never SerialPort.list(): it needs udev, which a Pi image or container may lack (DESIGN.md).
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  return new Promise((resolve, reject) => port.open((error) => (error ? reject(error) : resolve(port))));
}

/** Opens the port (failing if it cannot) and keeps it open until `close`. */
export async function openSerialLink(path: string, baudRate: number, handlers: LinkHandlers, log: Logger): Promise<Link> {
  let port: SerialPort | undefined;
  let closing = false;
  let retryMs = FIRST_RETRY_MS;
  let retryTimer: NodeJS.Timeout | undefined;
  let dropping = false;

  const attach = (opened: SerialPort): void => {
    port = opened;
    retryMs = FIRST_RETRY_MS;
    const decoder = new P3Decoder({
      onRecord: ({ record }) => {
        for (const frame of handlers.answer(record, path)) if (opened.isOpen) opened.write(frame);
      },
    });
    opened.on('data', (chunk: Buffer) => decoder.push(chunk));
    opened.on('error', (error) => log.warn('serial error', { path, error }));
    let gone = false;
    opened.on('close', (error?: Error & { disconnected?: boolean }) => {
      if (port === opened) port = undefined;
      // A failed write and the poller can both report the same hang-up.
      if (closing || gone) return;
      gone = true;
      // serialport 13 reports a vanished device as close with `disconnected`; the old
      // instance cannot be reopened, so a new SerialPort is made (DESIGN.md).
      log.warn('serial port closed, reopening', { path, disconnected: error?.disconnected ?? false, error });
      scheduleReopen();
    });
    log.info('serial port open', { path, baud: baudRate });
  };

  const scheduleReopen = (): void => {
    if (closing || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      openPort(path, baudRate).then(
        (opened) => (closing ? opened.close() : attach(opened)),
        (error: Error) => {
          log.debug('serial reopen failed', { path, retry_ms: retryMs, error });
          retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
          scheduleReopen();
        },
      );
    }, retryMs);
  };

  attach(await openPort(path, baudRate));

  return {
    send(bytes) {
      if (!port?.isOpen) return;
      if (port.writableLength > MAX_BACKLOG_BYTES) {
        if (!dropping) log.warn('serial line not read, dropping frames', { path, backlog_bytes: port.writableLength });
        dropping = true;
        return;
      }
      dropping = false;
      port.write(bytes);
    },
    async ready() {
      const current = port;
      if (!current?.isOpen || !current.writableNeedDrain) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          current.off('drain', done).off('close', done);
          resolve();
        };
        current.on('drain', done).on('close', done);
      });
    },
    async close() {
      closing = true;
      clearTimeout(retryTimer);
      const current = port;
      port = undefined;
      if (current?.isOpen) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
  };
}
