/** @module systemd readiness and watchdog through `systemd-notify` (Node has no unix datagram sockets); silent without NOTIFY_SOCKET. */
import { execFile } from 'node:child_process';
import { createLogger } from '../../shared/log/index.ts';

const log = createLogger('appliance:systemd');

export interface Notifier {
  ready(status?: string): void;
  stopping(): void;
  status(text: string): void;
  close(): void;
}

export function createNotifier(env: NodeJS.ProcessEnv = process.env): Notifier {
  if (!env.NOTIFY_SOCKET) return { ready() {}, stopping() {}, status() {}, close() {} };
  // The unit needs NotifyAccess=all: the message comes from a child process, not the main PID.
  const send = (...args: string[]) =>
    execFile('systemd-notify', args, (error) => {
      if (error) log.warn('systemd-notify failed', { args: args.join(' '), err: error });
    });
  let watchdog: NodeJS.Timeout | undefined;
  const usec = Number(env.WATCHDOG_USEC);
  return {
    ready(status) {
      send('--ready', ...(status ? [`--status=${status}`] : []));
      if (usec > 0 && !watchdog) {
        watchdog = setInterval(() => send('WATCHDOG=1'), Math.max(1000, usec / 1000 / 2));
        watchdog.unref();
      }
    },
    stopping: () => send('STOPPING=1'),
    status: (text) => send(`--status=${text}`),
    close: () => clearInterval(watchdog),
  };
}
