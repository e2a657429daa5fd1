/** @module The box's own name in /etc/hosts: Debian's `127.0.1.1 <hostname>` line, replaced, never duplicated. */

const DEFAULT_HOSTS = '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n';

/** The hosts file with its 127.0.1.1 line naming `hostname`; the rest kept as it was. */
export function hostsWithName(current: string | undefined, hostname: string): string {
  const lines = (current ?? DEFAULT_HOSTS).split('\n').filter((line, i, all) => !/^\s*127\.0\.1\.1\s/.test(line) && !(i === all.length - 1 && line === ''));
  return [...lines, `127.0.1.1\t${hostname}`].join('\n') + '\n';
}
