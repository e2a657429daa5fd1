/** @module The track list over more tracks than it shows: the newest by activity, whatever their names, and one scan shared by requests close together. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trackLister, TRACKS_LISTED } from '../../../cloud/gateway/track-list.ts';
import { modelKeys } from '../../../cloud/projection/keys.ts';
import type { TrackSummary } from '../../../cloud/projection/models.ts';
import { startProjectionStack, type ProjectionStack } from '../projection/support.ts';

let stack: ProjectionStack;
const TRACKS = TRACKS_LISTED + 60;
const name = (i: number) => `t${String(i).padStart(3, '0')}`;

async function putTrack(id: string, lastActivityUs: number): Promise<void> {
  const summary: TrackSummary = { track_id: id, status: 'idle', last_activity_us: lastActivityUs, current_event_id: null };
  await stack.kv.put(modelKeys.trackSummary(id), JSON.stringify(summary));
}

beforeAll(async () => {
  stack = await startProjectionStack();
  // Names in the opposite order to activity: the newest tracks are the last keys the bucket lists.
  for (let i = 0; i < TRACKS; i++) await putTrack(name(i), 1_000_000 + i * 1_000);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('track list', () => {
  test('track list - of more tracks than it shows, the newest by activity come first, whatever their names, with private tracks marked', async () => {
    const list = await trackLister(stack.nc, [name(TRACKS - 2)])();
    expect(list).toHaveLength(TRACKS_LISTED);
    expect(list.map((t) => t.track_id)).toEqual(Array.from({ length: TRACKS_LISTED }, (_, i) => name(TRACKS - 1 - i)));
    expect(list.filter((t) => t.private).map((t) => t.track_id)).toEqual([name(TRACKS - 2)]);
  });

  test('track list - requests within two seconds share one scan; a later one sees a track that became active since', async () => {
    let clock = 0;
    const list = trackLister(stack.nc, [], () => clock);
    const first = await list();
    await putTrack('zz-new', 9_000_000);
    clock = 1_500;
    expect((await list())[0]!.track_id).toBe(first[0]!.track_id);
    clock = 2_500;
    expect((await list())[0]!.track_id).toBe('zz-new');
  });
});
