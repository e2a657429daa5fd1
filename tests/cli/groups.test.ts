/** @module Command groups of the real `mre`: `mre appliance --help` and friends list their commands instead of "unknown command". */
import { describe, expect, it } from 'vitest';
import { runMre } from '../support/run-mre.ts';

const USER_COMMANDS = ['add', 'passwd', 'role', 'remove', 'list', 'token issue', 'token revoke'].map((c) => `cloud user ${c}`);

const GROUPS: Record<string, string[]> = {
  appliance: ['appliance start', 'appliance replay', 'appliance firstboot'],
  cloud: ['cloud start', 'cloud provision', 'cloud token issue', 'cloud token revoke', ...USER_COMMANDS],
  'cloud token': ['cloud token issue', 'cloud token revoke'],
  'cloud user': USER_COMMANDS,
  'cloud user token': ['cloud user token issue', 'cloud user token revoke'],
  ingest: ['ingest liverc refresh-events', 'ingest liverc ingest-event'],
  'ingest liverc': ['ingest liverc refresh-events', 'ingest liverc ingest-event'],
  events: ['events ingest'],
  tracks: ['tracks sync'],
  liverc: ['liverc parse'],
};

describe('cli groups', () => {
  it('cli groups - `mre GROUP --help` lists every command of the group with its summary and exits 0', async () => {
    for (const [group, members] of Object.entries(GROUPS)) {
      const result = await runMre([...group.split(' '), '--help']);
      expect(result.code, group).toBe(0);
      expect(result.stdout, group).toContain(`Usage: mre ${group} <command>`);
      for (const name of members) expect(result.stdout, group).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
      expect(result.stdout.match(/^  \S/gm), group).toHaveLength(members.length);
    }
  });

  it('cli groups - a bare group prints its list on stderr and exits 2; `mre help GROUP` prints it and exits 0', async () => {
    const bare = await runMre(['appliance']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('mre appliance: needs a command');
    expect(bare.stderr).toMatch(/^ {2}appliance start\s+run the appliance/m);
    expect(bare.stderr).toMatch(/^ {2}appliance replay\s+rebuild/m);
    const help = await runMre(['help', 'ingest', 'liverc']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}ingest liverc ingest-event\s+import one LiveRC event/m);
  });

  it('cli groups - an unknown command inside a group exits 2 and shows what the group holds', async () => {
    const result = await runMre(['appliance', 'strat']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "appliance strat"');
    expect(result.stderr).toMatch(/^ {2}appliance start\s/m);
  });

  it('cli groups - a command inside a group still gets its own --help', async () => {
    const result = await runMre(['appliance', 'start', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: mre appliance start [--config FILE]');
    expect(result.stdout).toContain('MRE_DECODER_SOURCE');
  });
});
