/**
 * @module image/files/mre-data-partition.sh on SD card images made as plain files: the root grows
 * to its size when the card has room, the rest becomes partition 3; a small card keeps its root;
 * a card with no room is refused by name; the partition gets an ext4 file system labelled mre-data.
 */
import { execFile } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../harness/index.ts';
import { REPO_ROOT } from '../support/shared-fixtures.ts';

const run = promisify(execFile);
const SCRIPT = join(REPO_ROOT, 'image', 'files', 'mre-data-partition.sh');
const MIB = 2048;

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('mre-data-partition');
});
afterAll(async () => {
  await removeTempDir(dir);
});

/** A card as pi-gen writes it: a FAT boot partition and a root partition, `mib` MiB in all. */
async function card(name: string, mib: number, rootMib = 32): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, '');
  truncateSync(path, mib * 1024 * 1024);
  const child = execFile('sfdisk', ['-q', path]);
  child.stdin!.end(`label: dos\nstart=${MIB}, size=${16 * MIB}, type=c\nstart=${17 * MIB}, size=${rootMib * MIB}, type=83\n`);
  await new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(null) : reject(new Error(`sfdisk exited ${code}`)))));
  return path;
}

async function partitions(path: string): Promise<Array<{ start: number; size: number }>> {
  const { stdout } = await run('sfdisk', ['-J', path]);
  return (JSON.parse(stdout) as { partitiontable: { partitions: Array<{ start: number; size: number }> } }).partitiontable.partitions.map(({ start, size }) => ({ start, size }));
}

async function script(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run('sh', [SCRIPT, ...args]);
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('data partition at first boot', () => {
  it('data partition - a card with room: the root grows to its size and the rest of the card, aligned to 1 MiB, becomes partition 3', async () => {
    const path = await card('big.img', 200);
    const result = await script('--disk', path, '--root-size', '64', '--min-data', '16', '--table-only');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('growing the root partition from 32 MiB to 64 MiB');
    const [boot, root, data] = await partitions(path);
    expect(boot).toEqual({ start: MIB, size: 16 * MIB });
    expect(root).toEqual({ start: 17 * MIB, size: 64 * MIB });
    expect(data).toEqual({ start: 81 * MIB, size: (200 - 81) * MIB });
    // A second run on the same card finds partition 3 and leaves it alone.
    const again = await script('--disk', path, '--root-size', '64', '--min-data', '16', '--table-only');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already has a third partition without the mre-data label: leaving it alone');
  });

  it('data partition - a card too small for the root size keeps its root; one with no room for data is refused by name', async () => {
    const small = await card('small.img', 80);
    expect((await script('--disk', small, '--root-size', '64', '--min-data', '16', '--table-only')).code).toBe(0);
    expect(await partitions(small)).toEqual([{ start: MIB, size: 16 * MIB }, { start: 17 * MIB, size: 32 * MIB }, { start: 49 * MIB, size: 31 * MIB }]);
    const full = await card('full.img', 56);
    const refused = await script('--disk', full, '--root-size', '64', '--min-data', '16', '--table-only');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the card has 7 MiB after the root partition, less than the 16 MiB a data partition needs');
    expect(await partitions(full)).toHaveLength(2);
  });

  it('data partition - the new partition gets an ext4 file system labelled mre-data', async () => {
    const path = await card('mkfs.img', 120);
    const partition = join(dir, 'partition-3.img');
    writeFileSync(partition, '');
    truncateSync(partition, 32 * 1024 * 1024);
    const result = await script('--disk', path, '--partition', partition, '--root-size', '16', '--min-data', '16');
    expect(result.code, result.stderr).toBe(0);
    const { stdout } = await run('blkid', ['-p', '-o', 'export', partition]);
    expect(stdout).toMatch(/^TYPE=ext4$/m);
    expect(stdout).toMatch(/^LABEL=mre-data$/m);
  });
});
