/** @module The web-app routes of the box: pages, immutable assets, the "not built" page, and the API routes left alone. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, test } from 'vitest';
import { mountWebApps } from '../../shared/web/web-apps.ts';
import { makeTempDir, removeTempDir, useCleanups } from '../harness/index.ts';

const defer = useCleanups();

async function builtDist(): Promise<string> {
  const dir = await makeTempDir('web-dist');
  defer(() => removeTempDir(dir));
  await mkdir(join(dir, 'scoreboard'), { recursive: true });
  await mkdir(join(dir, 'control'), { recursive: true });
  await mkdir(join(dir, 'assets'), { recursive: true });
  await writeFile(join(dir, 'scoreboard', 'index.html'), '<!doctype html><title>Live timing</title><script src="/assets/app-abc.js"></script>');
  await writeFile(join(dir, 'control', 'index.html'), '<!doctype html><title>Race control</title>');
  await writeFile(join(dir, 'assets', 'app-abc.js'), 'console.log("board")');
  return dir;
}

/** The app as the box builds it: API routes on both sides of the web routes, and a JSON 404. */
function appWith(distDir: string): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ ok: true }));
  mountWebApps(app, { distDir });
  app.get('/api/status', (c) => c.json({ track_id: 'local-track' }));
  app.get('/ws/v1/live', (c) => c.text('upgrade here', 426));
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));
  return app;
}

describe('web apps', () => {
  test('web apps - the scoreboard is the page at / and is revalidated on every load', async () => {
    const app = appWith(await builtDist());
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<title>Live timing</title>');
  });

  test('web apps - race control answers at /control and /control/', async () => {
    const app = appWith(await builtDist());
    for (const path of ['/control', '/control/']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<title>Race control</title>');
    }
  });

  test('web apps - hashed assets are served with an immutable year-long cache', async () => {
    const app = appWith(await builtDist());
    const res = await app.request('/assets/app-abc.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe('console.log("board")');
  });

  test('web apps - an unknown asset falls through to the JSON 404', async () => {
    const app = appWith(await builtDist());
    const res = await app.request('/assets/nope-123.js');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'no route for GET /assets/nope-123.js' });
  });

  test('web apps - without a build the pages answer 503 telling how to build them', async () => {
    const dir = await makeTempDir('web-dist-missing');
    defer(() => removeTempDir(dir));
    const app = appWith(join(dir, 'dist'));
    for (const path of ['/', '/control', '/control/']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(503);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('npm run build:web');
    }
    expect((await app.request('/assets/app-abc.js')).status).toBe(404);
  });

  test('web apps - a build made after start is served without a restart', async () => {
    const dir = await makeTempDir('web-dist-later');
    defer(() => removeTempDir(dir));
    const dist = join(dir, 'dist');
    const app = appWith(dist);
    expect((await app.request('/')).status).toBe(503);
    await mkdir(join(dist, 'scoreboard'), { recursive: true });
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(dist, 'scoreboard', 'index.html'), '<!doctype html><title>Live timing</title>');
    await writeFile(join(dist, 'assets', 'late-1.css'), 'body{}');
    expect((await app.request('/')).status).toBe(200);
    expect((await app.request('/assets/late-1.css')).status).toBe(200);
  });

  test('web apps - API, health and live routes keep their own handlers', async () => {
    const app = appWith(await builtDist());
    expect(await (await app.request('/healthz')).json()).toEqual({ ok: true });
    expect(await (await app.request('/api/status')).json()).toEqual({ track_id: 'local-track' });
    expect((await app.request('/ws/v1/live')).status).toBe(426);
    expect((await app.request('/api/nothing')).status).toBe(404);
  });

  test('web apps - the assets route refuses paths that climb out of the build folder', async () => {
    const app = appWith(await builtDist());
    const res = await app.request('/assets/..%2f..%2fscoreboard/index.html');
    expect(res.status).toBe(404);
  });
});
