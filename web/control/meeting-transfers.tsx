/** @module The BMX transfer table as staff edit it: one row per class size, a transfer count per moto or total points; the box's own table until changed. */
import { standardTransferRows, transferTableChanged, type MoreDraft, type TransferRowDraft } from './meeting-model.ts';

function CountInput({ label, value, placeholder, onInput }: { label: string; value: string; placeholder?: string; onInput: (value: string) => void }) {
  return <input type="number" inputMode="numeric" min={0} aria-label={label} value={value} placeholder={placeholder} onInput={(e) => onInput(e.currentTarget.value)} />;
}

export function TransferTableEditor({ more, rounds, onChange }: { more: MoreDraft; rounds: number; onChange: (table: TransferRowDraft[]) => void }) {
  const table = more.table;
  const motos = Array.from({ length: rounds }, (_, m) => m);
  const edit = (i: number, patch: Partial<TransferRowDraft>) => onChange(table.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  const changed = transferTableChanged(more);
  return (
    <div class="transfer-editor">
      <table class="transfer-table" aria-label="transfer table">
        <caption>
          Transfer table <span class="muted">{changed ? '· edited, sent with the setup' : '· USA BMX 3-moto, the box default'}</span>
        </caption>
        <thead>
          <tr>
            <th colSpan={2}>Riders in class</th>
            <th colSpan={rounds}>Transfers after moto</th>
            <th rowSpan={2}>Total points</th>
            <th rowSpan={2} />
          </tr>
          <tr>
            <th>from</th>
            <th>to</th>
            {motos.map((m) => (
              <th key={m}>{m + 1}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.map((row, i) => {
            const name = `Row ${i + 1}`;
            return (
              <tr key={i}>
                <td>
                  <CountInput label={`${name} riders from`} value={row.min} onInput={(min) => edit(i, { min })} />
                </td>
                <td>
                  <CountInput label={`${name} riders to`} value={row.max} placeholder="up" onInput={(max) => edit(i, { max })} />
                </td>
                {row.counts === null ? (
                  <td colSpan={rounds} class="muted">
                    no main
                  </td>
                ) : (
                  motos.map((m) => (
                    <td key={m}>
                      <CountInput label={`${name} moto ${m + 1}`} value={row.counts![m] ?? ''} placeholder="0" onInput={(count) => edit(i, { counts: motos.map((k) => (k === m ? count : (row.counts![k] ?? ''))) })} />
                    </td>
                  ))
                )}
                <td class="transfer-total">
                  <input type="checkbox" aria-label={`${name} total points`} checked={row.counts === null} onChange={(e) => edit(i, { counts: e.currentTarget.checked ? null : motos.map(() => '1') })} />
                </td>
                <td>
                  <button type="button" class="btn btn-small btn-quiet" aria-label={`Remove row ${i + 1}`} onClick={() => onChange(table.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="muted">A blank "to" means that many riders and up; a blank count transfers nobody after that moto.</p>
      <div class="actions">
        <button type="button" class="btn btn-small" onClick={() => onChange([...table, { min: '', max: '', counts: motos.map(() => '') }])}>
          Add row
        </button>
        {changed && (
          <button type="button" class="btn btn-small btn-quiet" onClick={() => onChange(standardTransferRows())}>
            Back to the box default
          </button>
        )}
      </div>
    </div>
  );
}
