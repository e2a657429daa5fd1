/** @module Race control moves a finished race to the class it should have run in, from the corrections panel in headless Chromium at phone size, against a real appliance. */
import { describe, expect, test } from 'vitest';
import type { RaceDetail } from '../../shared/race/index.ts';
import { artifactPath, useCleanups } from '../harness/index.ts';
import { control, dataDir, phonePage, startBox, text, TOKEN, useBrowser, WAIT } from './box.ts';

const defer = useCleanups();
const browser = useBrowser();

describe('control class correction', () => {
  test('control class correction - a heat staged under the wrong class is moved to the right one with a reason; the race and its corrections say so', async () => {
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer) });
    defer(() => box.stop());
    await control(box, 'event.setup', {
      event_id: 'rc-night',
      name: 'Thursday RC night',
      classes: [{ class_id: 'buggy', name: '2WD Buggy', format: 'timed' }, { class_id: 'truck', name: 'Stadium Truck', format: 'timed' }],
      riders: [1, 2].map((i) => ({ rider_id: `d${i}`, name: `Driver ${i}`, plate: String(i), class_id: 'truck', transponders: [3_200_000 + i] })),
    });
    await control(box, 'race.stage', { event_id: 'rc-night', race_id: 'h1', format: 'timed', class_id: 'buggy', name: 'Heat 1', lineup: [{ rider_id: 'd1' }, { rider_id: 'd2' }], duration_ms: 60_000 });
    await control(box, 'race.start', { race_id: 'h1' });
    await control(box, 'race.force_finish', { race_id: 'h1' });

    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/control/`);
    await page.getByLabel('PIN').fill(TOKEN);
    await page.getByLabel('Name', { exact: true }).fill('Pat Referee');
    await page.getByRole('button', { name: 'Use' }).click();
    const panel = page.getByRole('region', { name: 'corrections' });
    await expect.poll(text(panel.locator('.class-fold summary')), WAIT).toBe('Wrong class? (2WD Buggy)');
    await panel.locator('.class-fold summary').click();
    const form = panel.getByRole('form', { name: 'move race to another class' });
    expect(await form.getByRole('option').allInnerTexts()).toEqual(['choose…', 'Stadium Truck']);
    await form.getByLabel('Move to class').selectOption('truck');
    await form.getByLabel('Reason').fill('staged under the wrong class');
    await page.screenshot({ path: artifactPath('control-class-correction.png'), fullPage: true });
    await form.getByRole('button', { name: 'Move race' }).click();
    await expect.poll(text(panel.locator('.feedback')), WAIT).toBe('Race moved to another class.');

    const detail = (await (await fetch(`${box.url}/api/races/h1`)).json()) as RaceDetail;
    expect(detail.race.class_id).toBe('truck');
    expect(detail.race.corrections).toEqual([expect.objectContaining({ kind: 'class', previous_class_id: 'buggy', class_id: 'truck', by: 'Pat Referee', reason: 'staged under the wrong class' })]);
    await expect.poll(text(panel.locator('.class-fold summary')), WAIT).toBe('Wrong class? (Stadium Truck)');

    // A race of the event's meeting takes its class from the heat list: no class move is offered for it.
    await control(box, 'meeting.setup', { event_id: 'rc-night', rc: { classes: [{ class_id: 'truck' }] } });
    await control(box, 'meeting.stage_next', { event_id: 'rc-night' });
    const { meeting } = (await (await fetch(`${box.url}/api/events/rc-night/meeting`)).json()) as { meeting: { order: { run_race_id: string | null }[] } };
    const raceId = meeting.order.find((r) => r.run_race_id !== null)!.run_race_id!;
    await control(box, 'race.start', { race_id: raceId });
    await control(box, 'race.force_finish', { race_id: raceId });
    const heat = (await (await fetch(`${box.url}/api/races/${raceId}`)).json()) as RaceDetail;
    await expect.poll(text(panel.locator('h2')), WAIT).toBe(`Corrections · ${heat.race.name}`);
    await expect.poll(() => panel.locator('.class-fold').count(), WAIT).toBe(0);
    expect(problems).toEqual([]);
  });
});
