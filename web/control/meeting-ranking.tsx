/** @module An RC class's standing in the Meeting section: its qualifying order as the heats finish (TQ first), then the final results once its A-Main has run. */
import type { MeetingView, Riders } from './meeting-model.ts';

type Group = MeetingView['groups'][number];

/** Round points per round, the thrown-out ones in brackets: how a driver's total was counted. */
function pointsText(points: number[], counted: number[]): string {
  const left = [...counted];
  return points
    .map((p) => {
      const i = left.indexOf(p);
      if (i < 0) return `(${p})`;
      left.splice(i, 1);
      return String(p);
    })
    .join(' · ');
}

export function QualifyingOrder({ group, name, riders }: { group: Group; name: string; riders: Riders }) {
  const rows = group.rc_ranking ?? [];
  if (rows.length === 0) return null;
  return (
    <table class="meeting-standing" aria-label={`${name} qualifying`}>
      <caption>Qualifying</caption>
      <tbody>
        {rows.map((row) => (
          <tr key={row.rider_id} class={row.tq ? 'tq' : undefined}>
            <td class="pos">{row.position}</td>
            <td class="who">
              {row.tq && <b class="tq-badge">TQ</b>} {riders.label(row.rider_id)}
            </td>
            <td class="result">
              {row.result_text}{' '}
              {row.round_points && row.counted && <span class="muted round-points">{pointsText(row.round_points, row.counted)}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FinalResults({ group, name, view, riders }: { group: Group; name: string; view: MeetingView; riders: Riders }) {
  if (!group.results) return null;
  const names = new Map(view.order.map((r) => [r.race_id, r.name]));
  const from = (id: string) => names.get(id) ?? (id === 'qualifying' ? 'Qualifying' : id === 'motos' ? 'Motos' : id);
  return (
    <table class="meeting-standing" aria-label={`${name} results`}>
      <caption>Results</caption>
      <tbody>
        {group.results.map((row) => (
          <tr key={row.rider_id}>
            <td class="pos">{row.position}</td>
            <td class="who">{riders.label(row.rider_id)}</td>
            <td class="result muted">{from(row.from)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Qualifying while it runs and until the mains are in; then the results, with qualifying folded under them. */
export function RcStanding({ group, name, view, riders }: { group: Group; name: string; view: MeetingView; riders: Riders }) {
  if (group.kind !== 'rc') return null;
  if (!group.results) return <QualifyingOrder group={group} name={name} riders={riders} />;
  return (
    <>
      <FinalResults group={group} name={name} view={view} riders={riders} />
      <details class="fold standing-fold">
        <summary>Qualifying order</summary>
        <QualifyingOrder group={group} name={name} riders={riders} />
      </details>
    </>
  );
}
