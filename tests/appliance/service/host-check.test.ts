/** @module The Host check and browser headers on the real appliance process: a rebound name reaches no route and no live upgrade, the names the box answers to do, and pages carry the framing and script policy. */
import net from 'node:net';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../harness/index.ts';
import { PIN, request, spawnBox } from './box-process.ts';

const defer = useCleanups();

/** A WebSocket upgrade written by hand, so the Host header is whatever the test says; resolves with the status line and body. */
function rawUpgrade(port: number, host: string): Promise<{ statusLine: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (text += d));
    socket.on('error', reject);
    socket.on('close', () => resolve({ statusLine: text.slice(0, text.indexOf('\r\n')), body: text.slice(text.indexOf('\r\n\r\n') + 4) }));
    socket.write(
      [`GET /ws/v1/live?track_id=local-track HTTP/1.1`, `Host: ${host}`, 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', '', ''].join('\r\n'),
    );
    setTimeout(() => socket.end(), 2000).unref();
  });
}

describe('host check', () => {
  it('host check - a request naming another host is refused 421 on every route and on the live upgrade, with the name and how to allow it, logged once per name', async () => {
    const box = await spawnBox(defer, { MRE_HTTP_HOSTNAMES: 'timing.club.example' });
    const evil = 'rebind.attacker.example';
    for (const [method, path] of [['GET', '/'], ['GET', '/control/'], ['GET', '/api/status'], ['GET', '/healthz'], ['POST', '/api/control/race.start']] as const) {
      const answer = await request(box.port, { method, path, host: `${evil}:${box.port}`, headers: { authorization: `Bearer ${PIN}` }, ...(method === 'POST' ? { body: '{"race_id":"r1"}' } : {}) });
      expect(answer.status).toBe(421);
      expect(answer.body.error).toContain(`"${evil}:${box.port}"`);
      expect(answer.body.error).toContain('MRE_HTTP_HOSTNAMES');
    }
    const upgrade = await rawUpgrade(box.port, evil);
    expect(upgrade.statusLine).toBe('HTTP/1.1 421 Misdirected Request');
    expect(JSON.parse(upgrade.body).error).toContain(`"${evil}"`);
    for (let i = 0; i < 30; i++) await request(box.port, { path: '/api/status', host: evil });
    // One line for the name with a port, one for the upgrade's name without; none for the thirty repeats.
    const lines = box.output().split('\n').filter((l) => l.startsWith('<4>') && l.includes('refused a request for a host'));
    expect(lines.length).toBe(2);
    expect(lines[0]).toContain('remote=127.0.0.1');
  }, 120_000);

  it('host check - the box answers to IP literals with any port, localhost, its configured names, its machine name and <name>.local', async () => {
    const box = await spawnBox(defer, { MRE_HTTP_HOSTNAMES: 'timing.club.example, board.local' });
    const machine = hostname().split('.')[0]!;
    for (const host of [`127.0.0.1:${box.port}`, '192.168.1.20', '[::1]:8080', '[fe80::1]', 'localhost', `localhost:${box.port}`, 'timing.club.example', 'TIMING.club.example.', 'board.local:80', hostname(), `${machine}.local`]) {
      expect({ host, status: (await request(box.port, { path: '/api/status', host })).status }).toEqual({ host, status: 200 });
    }
    for (const host of ['timing.club.example.attacker.example', 'localhost.attacker.example', '127.0.0.1.nip.io']) {
      expect({ host, status: (await request(box.port, { path: '/api/status', host })).status }).toEqual({ host, status: 421 });
    }
    const upgrade = await rawUpgrade(box.port, `127.0.0.1:${box.port}`);
    expect(upgrade.statusLine).toBe('HTTP/1.1 101 Switching Protocols');
  }, 120_000);

  it('host check - race control and the scoreboard are sent with X-Frame-Options DENY and a strict content security policy naming the live feed', async () => {
    const box = await spawnBox(defer);
    for (const path of ['/control/', '/', '/overlay/']) {
      const page = await request(box.port, { path, host: `127.0.0.1:${box.port}` });
      expect(page.status).toBe(200);
      expect(page.headers['x-frame-options']).toBe('DENY');
      const csp = String(page.headers['content-security-policy']);
      for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", `connect-src 'self' ws://127.0.0.1:${box.port} wss://127.0.0.1:${box.port}`]) expect(csp).toContain(directive);
      expect(csp).not.toContain('unsafe-inline');
    }
    const api = await request(box.port, { path: '/api/status' });
    expect(api.headers['x-frame-options']).toBe('DENY');
    expect(api.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  }, 120_000);
});
