/** @module A bad first-boot file's problems in the box's GET /api/status, until a good file is applied. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyFirstboot, PATHS } from '../../../appliance/firstboot/apply.ts';
import { startAppliance } from '../../../appliance/service/appliance.ts';
import { configSchema } from '../../../appliance/service/config.ts';
import { getJson, waitFor } from '../service/support.ts';

const base = mkdtempSync(join(tmpdir(), 'mre-firstboot-status-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('appliance firstboot status', () => {
  it('appliance firstboot status - /api/status carries the problems of a bad file, and null once a good one is applied', async () => {
    const boot = join(base, 'boot');
    const root = join(base, 'root');
    mkdirSync(boot, { recursive: true });
    writeFileSync(join(boot, 'mre.toml'), '[box]\nhostname = "Bad_Name"\n\n[appliance.http]\nport = 70000\n');
    expect((await applyFirstboot({ bootDir: boot, rootDir: root })).outcome).toBe('problems');

    const config = configSchema.parse({ data_dir: join(root, PATHS.dataDir), http: { host: '127.0.0.1', port: 0 }, log: { min_free_bytes: 0 } });
    const appliance = await startAppliance(config);
    try {
      const { status, body } = await getJson(`${appliance.url}/api/status`);
      expect(status).toBe(200);
      const firstboot = body.firstboot as { file: string; problems: { path: string; message: string }[] };
      expect(firstboot.file).toBe(join(boot, 'mre.toml'));
      expect(firstboot.problems.map((p) => p.path)).toEqual(['box.hostname', 'appliance.http.port']);
      expect(firstboot.problems[1]!.message).toBe('expected a whole number from 0 to 65535, got 70000');

      // The box keeps running while a fixed file is dropped; the page follows without a restart.
      rmSync(join(boot, 'mre.toml'));
      writeFileSync(join(boot, 'mre.json'), JSON.stringify({ appliance: { track_id: 'canberra' } }));
      expect((await applyFirstboot({ bootDir: boot, rootDir: root })).outcome).toBe('applied');
      await waitFor('status without first-boot problems', async () => (await getJson(`${appliance.url}/api/status`)).body.firstboot === null);
    } finally {
      await appliance.stop();
    }
  });
});
