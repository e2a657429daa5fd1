/** @module Event setup: id, name, date, classes, riders and decoders, saved as one `event.setup` intent. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RaceFormat } from '../../shared/contracts/control.ts';
import type { EventView } from '../shared/live-types.ts';
import type { Operator } from './api.ts';
import { draftFromEvent, draftToArgs, emptyClass, emptyDecoder, emptyDraft, eventIdFor, type DecoderRole, type EventDraft } from './event-form.ts';
import { Feedback, useIntent } from './operator.tsx';
import { RidersEditor, updateAt } from './riders-editor.tsx';

/** The box's local date, not UTC's: an evening meeting must not be set up for tomorrow. */
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

interface EventSetupProps {
  /** The event shown; ignored while `creating`. */
  event: EventView | null;
  operator: Operator;
  /** A new event: the form starts empty and saving names the new id. */
  creating: boolean;
  onSaved: (eventId: string) => void;
  onCancel: () => void;
  /** Staff started typing: the page stays on this event, so a race staged elsewhere cannot take their edits away. */
  onEdit?: () => void;
}

const summaryOf = (event: EventView) =>
  [`${event.classes.length} ${event.classes.length === 1 ? 'class' : 'classes'}`, `${event.riders.length} ${event.riders.length === 1 ? 'rider' : 'riders'}`, `${event.decoders.length} ${event.decoders.length === 1 ? 'decoder' : 'decoders'}`].join(', ');

/** Folded on race day, when the event is set up and the page is for racing; open for a new event or when there is none. */
export function EventSetup({ event: shown, operator, creating, onSaved, onCancel, onEdit }: EventSetupProps) {
  const event = creating ? null : shown;
  const [draft, setDraft] = useState<EventDraft>(() => (event ? draftFromEvent(event) : emptyDraft(today())));
  const [dirty, setDirtyState] = useState(false);
  const dirtyRef = useRef(false);
  const setDirty = (value: boolean) => {
    dirtyRef.current = value;
    setDirtyState(value);
  };
  const intent = useIntent(operator);
  // A new event's id follows its name and date until staff type one of their own.
  const [idTyped, setIdTyped] = useState(!creating);
  const edit = (change: Partial<EventDraft>) => {
    if (!dirtyRef.current) onEdit?.();
    setDirty(true);
    setDraft((d) => {
      const next = { ...d, ...change };
      return idTyped || 'event_id' in change ? next : { ...next, event_id: eventIdFor(next.name, next.date) };
    });
  };

  // Follow the box's event until staff start typing; after that their edits win until saved or discarded.
  useEffect(() => {
    if (event && !dirtyRef.current) setDraft(draftFromEvent(event));
  }, [event]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const args = draftToArgs(draft);
    const result = await intent.run('event.setup', args, `Event ${draft.event_id} saved.`);
    if (result) {
      setDirty(false);
      onSaved(String(args.event_id));
    }
  };

  return (
    <details class="panel panel-wide fold" aria-label="event setup" open={creating || !shown}>
      <summary class="panel-head">
        <h2>{creating ? 'New event' : 'Event setup'}</h2>
        {event && <span class="muted fold-note">{summaryOf(event)}</span>}
      </summary>
      {(creating || (event && dirty)) && (
        <div class="actions">
          {creating ? (
            <button type="button" class="btn btn-small" onClick={onCancel}>
              Cancel new event
            </button>
          ) : (
            <button
              type="button"
              class="btn btn-small"
              onClick={() => {
                setDirty(false);
                if (event) setDraft(draftFromEvent(event));
              }}
            >
              Discard edits
            </button>
          )}
        </div>
      )}
      <form class="form" onSubmit={(e) => void submit(e)}>
        <div class="fields">
          <label>
            Event name
            <input type="text" value={draft.name} onInput={(e) => edit({ name: e.currentTarget.value })} />
          </label>
          <label>
            Date
            <input type="date" value={draft.date} onInput={(e) => edit({ date: e.currentTarget.value })} />
          </label>
          <label>
            Event id
            <input
              type="text"
              value={draft.event_id}
              onInput={(e) => {
                setIdTyped(true);
                edit({ event_id: e.currentTarget.value });
              }}
              placeholder="made from the name"
            />
          </label>
        </div>
        <fieldset class="editor">
          <legend>Classes ({draft.classes.length})</legend>
          <ol class="edit-list">
            {draft.classes.length > 0 && (
              <li class="edit-row edit-head" aria-hidden="true">
                <span class="w-id">Class id</span>
                <span class="w-name">Name</span>
                <span class="w-class">Format</span>
                <span class="w-btn" />
              </li>
            )}
            {draft.classes.map((c, i) => (
              <li key={i} class="edit-row">
                <input class="w-id" aria-label={`class ${i + 1} id`} placeholder="class id" value={c.class_id} onInput={(e) => edit({ classes: updateAt(draft.classes, i, { class_id: e.currentTarget.value }) })} />
                <input class="w-name" aria-label={`class ${i + 1} name`} placeholder="Name" value={c.name} onInput={(e) => edit({ classes: updateAt(draft.classes, i, { name: e.currentTarget.value }) })} />
                <select class="w-class" aria-label={`class ${i + 1} format`} value={c.format} onChange={(e) => edit({ classes: updateAt(draft.classes, i, { format: e.currentTarget.value as RaceFormat | '' }) })}>
                  <option value="">any format</option>
                  <option value="bmx">bmx</option>
                  <option value="timed">timed</option>
                  <option value="practice">practice</option>
                </select>
                <button type="button" class="btn btn-small btn-quiet w-btn" aria-label={`remove class ${i + 1}`} onClick={() => edit({ classes: draft.classes.filter((_, j) => j !== i) })}>
                  ✕
                </button>
              </li>
            ))}
          </ol>
          <button type="button" class="btn btn-small" onClick={() => edit({ classes: [...draft.classes, emptyClass()] })}>
            Add class
          </button>
        </fieldset>
        <RidersEditor riders={draft.riders} classes={draft.classes} onChange={(riders) => edit({ riders })} />
        <fieldset class="editor">
          <legend>Decoders ({draft.decoders.length})</legend>
          <ol class="edit-list">
            {draft.decoders.length > 0 && (
              <li class="edit-row edit-head" aria-hidden="true">
                <span class="w-plate">Id</span>
                <span class="w-name">Name</span>
                <span class="w-class">Role</span>
                <span class="w-tx">Clock offset (µs)</span>
                <span class="w-btn" />
              </li>
            )}
            {draft.decoders.map((d, i) => (
              <li key={i} class="edit-row">
                <input class="w-plate" aria-label={`decoder ${i + 1} id`} placeholder="id" inputMode="numeric" value={d.decoder_id} onInput={(e) => edit({ decoders: updateAt(draft.decoders, i, { decoder_id: e.currentTarget.value }) })} />
                <input class="w-name" aria-label={`decoder ${i + 1} name`} placeholder="Name (optional)" value={d.name} onInput={(e) => edit({ decoders: updateAt(draft.decoders, i, { name: e.currentTarget.value }) })} />
                <select class="w-class" aria-label={`decoder ${i + 1} role`} value={d.role} onChange={(e) => edit({ decoders: updateAt(draft.decoders, i, { role: e.currentTarget.value as DecoderRole }) })}>
                  <option value="start">start (gate)</option>
                  <option value="finish">finish</option>
                  <option value="lap">lap (RC)</option>
                </select>
                <input class="w-tx" aria-label={`decoder ${i + 1} clock offset`} placeholder="clock offset µs" inputMode="numeric" value={d.clock_offset_us} onInput={(e) => edit({ decoders: updateAt(draft.decoders, i, { clock_offset_us: e.currentTarget.value }) })} />
                <button type="button" class="btn btn-small btn-quiet w-btn" aria-label={`remove decoder ${i + 1}`} onClick={() => edit({ decoders: draft.decoders.filter((_, j) => j !== i) })}>
                  ✕
                </button>
              </li>
            ))}
          </ol>
          <button type="button" class="btn btn-small" onClick={() => edit({ decoders: [...draft.decoders, emptyDecoder()] })}>
            Add decoder
          </button>
        </fieldset>
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled={intent.busy}>
            Save event
          </button>
        </div>
        <Feedback outcome={intent.outcome} />
      </form>
    </details>
  );
}
