/** @module The decoder source string from configuration: `tcp://host[:port]` or a serial device path. */

export type DecoderSource = { transport: 'tcp'; host: string; port: number } | { transport: 'serial'; path: string };

/** P3 decoders listen on TCP 5403 (p3-protocol.md §2). */
export const DEFAULT_P3_PORT = 5403;

const TCP = /^tcp:\/\/(\[[^\]]*\]|[^:/[\]]*)(?::([^/]*))?\/?$/i;

function invalid(source: string, why: string): Error {
  return new Error(`invalid decoder source "${source}": ${why} (expected tcp://host[:port] or a device path like /dev/ttyUSB0)`);
}

export function parseSource(source: string): DecoderSource {
  const text = source.trim();
  if (text === '') throw invalid(source, 'it is empty');
  if (/^tcp:/i.test(text)) {
    const match = TCP.exec(text);
    if (!match) throw invalid(source, 'not of the form tcp://host[:port]');
    const host = match[1]!.replace(/^\[(.*)\]$/, '$1');
    if (host === '') throw invalid(source, 'the host is missing');
    const portText = match[2];
    if (portText === undefined) return { transport: 'tcp', host, port: DEFAULT_P3_PORT };
    const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) throw invalid(source, `port "${portText}" is not a number from 1 to 65535`);
    return { transport: 'tcp', host, port };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw invalid(source, `unsupported scheme "${text.split(':')[0]}"`);
  // Serial paths are absolute on the Linux appliance; /dev/serial/by-id/… survives replugs (stack.md §5).
  if (!text.startsWith('/')) throw invalid(source, 'a serial device path must be absolute');
  return { transport: 'serial', path: text };
}
