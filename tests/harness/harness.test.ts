/** @module Self-test of the test harness: every helper proven against the real program it wraps. */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Level } from 'level';
import { describe, expect, test } from 'vitest';
import {
  artifactPath, launchChromium, openPtyEnd, openPtyPair, openTempLevel, phoneContext, startNatsServer, tempLevelDir,
  useCleanups,
} from './index.ts';

const defer = useCleanups();

async function startedNats(...args: Parameters<typeof startNatsServer>) {
  const server = await startNatsServer(...args);
  defer(() => server.stop());
  return server;
}

async function connected(url: string) {
  const nc = await connect({ servers: url, reconnect: false });
  defer(() => nc.close());
  return nc;
}

describe('nats-server', () => {
  test('harness - nats-server starts on its own port and JetStream stores a message', async () => {
    const server = await startedNats();
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    expect(server.port).not.toBe(4222);
    const nc = await connected(server.url);
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'HARNESS', subjects: ['harness.>'] });
    const ack = await jetstream(nc).publish('harness.one', 'hello');
    expect(ack).toMatchObject({ stream: 'HARNESS', seq: 1 });
    expect((await jsm.streams.info('HARNESS')).state.messages).toBe(1);
  });

  test('harness - kill and restart on the same port keep the JetStream message', async () => {
    const server = await startedNats();
    const { port, url, pid: firstPid } = server;
    const nc = await connected(url);
    await (await jetstreamManager(nc)).streams.add({ name: 'DURABLE', subjects: ['durable.>'] });
    await jetstream(nc).publish('durable.one', 'survives a crash');
    await nc.close();

    await server.kill();
    expect(() => process.kill(firstPid, 0)).toThrow();
    await server.restart();
    expect(server.port).toBe(port);
    expect(server.pid).not.toBe(firstPid);

    const jsm = await jetstreamManager(await connected(url));
    expect((await jsm.streams.info('DURABLE')).state.messages).toBe(1);
    expect((await jsm.streams.getMessage('DURABLE', { seq: 1 }))?.string()).toBe('survives a crash');
  });

  test('harness - stop ends the process and removes the store dir', async () => {
    const server = await startedNats();
    expect(existsSync(server.storeDir)).toBe(true);
    await server.stop();
    expect(existsSync(server.storeDir)).toBe(false);
    expect(() => process.kill(server.pid, 0)).toThrow();
    await expect(server.stop()).resolves.toBeUndefined();
  });

  test('harness - a missing nats-server binary rejects with an install hint', async () => {
    await expect(startNatsServer({ binary: '/nonexistent/nats-server' })).rejects.toThrow(
      'nats-server not found (install the Debian package nats-server, or set NATS_SERVER_BIN)',
    );
  });

  test('harness - a nats-server that exits at once rejects naming the exit, not a timeout', async () => {
    const start = startNatsServer({ args: ['--no_such_flag'], startTimeoutMs: 20_000 });
    await expect(start).rejects.toThrow(/exited before it was ready \(exit code \d+\)[\s\S]*no_such_flag/);
  });
});

describe('socat pty pair', () => {
  test('harness - socat pty pair carries raw bytes both ways', async () => {
    const pair = await openPtyPair();
    defer(() => pair.stop());
    expect(pair.a).toMatch(/^\/dev\/pts\/\d+$/);
    const [a, b] = [await openPtyEnd(pair.a), await openPtyEnd(pair.b)];
    defer(() => a.close());
    defer(() => b.close());
    // CR, LF, ^C, NUL and ^D would be translated or swallowed by a cooked terminal.
    const frame = Buffer.from([0x8e, 0x02, 0x0d, 0x0a, 0x03, 0x00, 0xff, 0x04]);
    await a.write(frame);
    expect(await b.read(frame.length)).toEqual(frame);
    await b.write('pong');
    expect((await a.read(4)).toString()).toBe('pong');
  });

  test('harness - killing socat hangs up the pty like a pulled cable', async () => {
    const pair = await openPtyPair();
    defer(() => pair.stop());
    const b = await openPtyEnd(pair.b);
    defer(() => b.close());
    const pendingRead = expect(b.read(1)).rejects.toThrow(`pty ${pair.b} hung up after 0 of 1 bytes`);
    await pair.kill();
    await b.hungUp;
    await pendingRead;
  });

  test('harness - a missing socat binary rejects with an install hint', async () => {
    await expect(openPtyPair({ binary: '/nonexistent/socat' })).rejects.toThrow(/socat not found \(install/);
  });
});

describe('temp LevelDB', () => {
  test('harness - temp LevelDB round-trips values, iterates in key order and survives reopen', async () => {
    const temp = await openTempLevel();
    defer(() => temp.cleanup());
    await temp.db.batch([
      { type: 'put', key: 'b', value: '2' },
      { type: 'put', key: 'c', value: '3' },
      { type: 'put', key: 'a', value: '1' },
    ]);
    expect(await temp.db.get('b')).toBe('2');
    expect(await temp.db.iterator().all()).toEqual([['a', '1'], ['b', '2'], ['c', '3']]);
    await temp.close();
    const reopened = new Level<string, string>(temp.path);
    defer(() => reopened.close());
    expect(await reopened.get('c')).toBe('3');
  });

  test('harness - temp LevelDB cleanup closes the db and removes the directory', async () => {
    const temp = await openTempLevel();
    await temp.db.put('k', 'v');
    await temp.cleanup();
    expect(temp.db.status).toBe('closed');
    expect(existsSync(temp.path)).toBe(false);
    const dir = await tempLevelDir();
    expect(readdirSync(dir.path)).toEqual([]);
    await dir.cleanup();
    expect(existsSync(dir.path)).toBe(false);
  });
});

describe('chromium', () => {
  test('harness - Chromium renders a local page in a phone context and saves a screenshot', async () => {
    const http = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><meta name="viewport" content="width=device-width"><h1 id="title">Lap 7</h1>');
    });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    defer(() => new Promise((resolve) => http.close(resolve)));
    const browser = await launchChromium();
    defer(() => browser.close());
    const page = await (await phoneContext(browser)).newPage();
    await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`);
    expect(await page.textContent('#title')).toBe('Lap 7');
    expect(await page.evaluate(() => [window.innerWidth, navigator.maxTouchPoints > 0])).toEqual([390, true]);

    const shot = artifactPath('harness-chromium.png');
    rmSync(shot, { force: true });
    await page.screenshot({ path: shot });
    const png = readFileSync(shot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // IHDR width in device pixels: 390 CSS px at deviceScaleFactor 2.
    expect(png.readUInt32BE(16)).toBe(780);
  });

  test('harness - a missing Chromium binary rejects with an install hint', async () => {
    await expect(launchChromium({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(
      'Chromium not found at /nonexistent/chromium',
    );
  });
});
