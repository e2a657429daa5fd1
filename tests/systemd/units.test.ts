/** @module The unit files in systemd/: `systemd-analyze verify` and the checks it leaves out pass for every one, and fail on a typo. */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkJournald, checkUnits, stageUnits } from './unit-check.ts';

const SYSTEMD = fileURLToPath(new URL('../../systemd', import.meta.url));

describe('systemd units', () => {
  it('systemd units - every unit file and drop-in in systemd/ verifies with no warning', async () => {
    const { dir, units } = stageUnits(SYSTEMD);
    try {
      expect(units).toEqual(expect.arrayContaining(['mre-appliance.service', 'mre-firstboot.service', 'mre-firstboot.path', 'mre-cloud.service', 'mre-cloud@.service', 'nats-server.service']));
      expect(await checkUnits(dir, units)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('systemd units - a typo in a key, a value, an Exec path or a Unit= is caught', async () => {
    const { dir, units } = stageUnits(SYSTEMD);
    try {
      const edit = (unit: string, from: RegExp, to: string) => {
        const path = join(dir, unit);
        const text = readFileSync(path, 'utf8');
        expect(from.test(text), `${unit} has ${from}`).toBe(true);
        writeFileSync(path, text.replace(from, to));
      };
      edit('mre-appliance.service', /^NoNewPrivileges=/m, 'NoNewPrivilege=');
      edit('mre-cloud@.service', /^Restart=always/m, 'Restart=alwayz');
      edit('mre-firstboot.service', /^ExecStartPost=\/usr\/bin\/hostname /m, 'ExecStartPost=/usr/bin/hostnam ');
      edit('mre-firstboot.path', /^Unit=mre-firstboot\.service/m, 'Unit=mre-firstbot.service');
      edit('mre-cloud.service', /^ExecStart=\S+/m, 'ExecStart=/usr/bin/nodez');
      const problems = (await checkUnits(dir, units)).join('\n');
      expect(problems).toMatch(/mre-appliance\.service: .*Unknown key 'NoNewPrivilege'/);
      expect(problems).toMatch(/mre-cloud@\.service: .*alwayz/);
      expect(problems).toContain('mre-firstboot.service: /usr/bin/hostnam is not an executable');
      expect(problems).toContain('mre-firstboot.path: Unit=mre-firstbot.service is not among the unit files');
      expect(problems).toMatch(/mre-cloud\.service: .*\/usr\/bin\/nodez is not executable/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('systemd units - the journald drop-in has only journald.conf keys with valid values', () => {
    const dropIns = readdirSync(join(SYSTEMD, 'journald.conf.d'));
    expect(dropIns).toEqual(['mre.conf']);
    expect(checkJournald(join(SYSTEMD, 'journald.conf.d/mre.conf'))).toEqual([]);
    expect(readFileSync(join(SYSTEMD, 'journald.conf.d/mre.conf'), 'utf8')).toMatch(/^Storage=persistent$/m);
  });
});
