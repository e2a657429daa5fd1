/** @module The event setup form as data: drafts of classes, riders and decoders, the pasted rider list, and the intent they become. */
import type { RaceFormat } from '../../shared/contracts/control.ts';
import type { EventView } from '../shared/live-types.ts';

export type DecoderRole = 'start' | 'finish' | 'lap';

export interface ClassDraft {
  class_id: string;
  name: string;
  format: RaceFormat | '';
}

export interface RiderDraft {
  rider_id: string;
  name: string;
  plate: string;
  class_id: string;
  /** As typed: numbers separated by spaces, commas or semicolons. */
  transponders: string;
}

export interface DecoderDraft {
  decoder_id: string;
  name: string;
  role: DecoderRole;
  clock_offset_us: string;
}

export interface EventDraft {
  event_id: string;
  name: string;
  date: string;
  classes: ClassDraft[];
  riders: RiderDraft[];
  decoders: DecoderDraft[];
  /** Kept as the box has it: the form does not edit it, and a save must not put it back to the default. */
  auto_practice?: EventView['auto_practice'];
}

export const emptyRider = (): RiderDraft => ({ rider_id: '', name: '', plate: '', class_id: '', transponders: '' });
export const emptyClass = (): ClassDraft => ({ class_id: '', name: '', format: '' });
export const emptyDecoder = (): DecoderDraft => ({ decoder_id: '', name: '', role: 'finish', clock_offset_us: '' });

export function emptyDraft(today: string): EventDraft {
  return { event_id: '', name: '', date: today, classes: [], riders: [], decoders: [] };
}

export function draftFromEvent(event: EventView): EventDraft {
  return {
    event_id: event.event_id,
    name: event.name,
    date: event.date ?? '',
    classes: event.classes.map((c) => ({ class_id: c.class_id, name: c.name, format: c.format ?? '' })),
    riders: event.riders.map((r) => ({ rider_id: r.rider_id, name: r.name, plate: r.plate ?? '', class_id: r.class_id ?? '', transponders: r.transponders.join(' ') })),
    decoders: event.decoders.map((d) => ({ decoder_id: String(d.decoder_id), name: d.name ?? '', role: d.role, clock_offset_us: d.clock_offset_us === null ? '' : String(d.clock_offset_us) })),
    ...(event.auto_practice ? { auto_practice: event.auto_practice } : {}),
  };
}

/** A number when the text is one; otherwise the text itself, so the box names the bad field instead of the form guessing. */
function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

const splitList = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

/** The `event.setup` arguments; empty optional fields are left out rather than sent empty. */
export function draftToArgs(draft: EventDraft): Record<string, unknown> {
  return {
    event_id: draft.event_id.trim(),
    name: draft.name.trim(),
    ...(draft.date.trim() ? { date: draft.date.trim() } : {}),
    classes: draft.classes.map((c) => ({ class_id: c.class_id.trim(), name: c.name.trim(), ...(c.format ? { format: c.format } : {}) })),
    riders: draft.riders.map((r) => ({
      rider_id: r.rider_id.trim(),
      name: r.name.trim(),
      ...(r.plate.trim() ? { plate: r.plate.trim() } : {}),
      ...(r.class_id.trim() ? { class_id: r.class_id.trim() } : {}),
      transponders: splitList(r.transponders).map(numberOrText),
    })),
    decoders: draft.decoders.map((d) => ({
      decoder_id: numberOrText(d.decoder_id),
      ...(d.name.trim() ? { name: d.name.trim() } : {}),
      role: d.role,
      ...(d.clock_offset_us.trim() ? { clock_offset_us: numberOrText(d.clock_offset_us) } : {}),
    })),
    ...(draft.auto_practice ? { auto_practice: draft.auto_practice } : {}),
  };
}

/** Lowercase letters and digits joined by `-`: the part of an id made from a name. */
const slug = (text: string) => text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

/** A new event's id from its name and date (`saturday-open-2026-12-05`), so staff need not invent one; empty until it has a name. */
export function eventIdFor(name: string, date: string): string {
  const base = slug(name).slice(0, 53).replace(/-+$/, '');
  if (!base) return '';
  return /^\d{4}-\d\d-\d\d$/.test(date) ? `${base}-${date}` : base;
}

/** An id the box accepts (lowercase letters, digits, `_`, `-`), unique among `taken`. */
export function makeRiderId(plate: string, name: string, taken: Set<string>): string {
  const base = (plate.trim() ? `p${slug(plate)}` : slug(name)).slice(0, 56) || 'rider';
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

export interface PastedRiders {
  riders: RiderDraft[];
  problems: string[];
}

/**
 * Lines of `plate,name,class_id,transponder` (a spreadsheet's tab-separated columns work
 * too); a header line starting with "plate" is skipped. Rider ids are made from the plates.
 */
export function parseRiderLines(text: string, takenIds: Iterable<string>): PastedRiders {
  const taken = new Set(takenIds);
  const riders: RiderDraft[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const fields = (line.includes('\t') ? line.split('\t') : line.split(',')).map((f) => f.trim());
    if (index === 0 && fields[0]?.toLowerCase() === 'plate') return;
    const [plate = '', name = '', classId = '', ...transponders] = fields;
    if (!name) {
      problems.push(`line ${index + 1}: no name (expected plate,name,class_id,transponder)`);
      return;
    }
    riders.push({ rider_id: makeRiderId(plate, name, taken), name, plate, class_id: classId, transponders: transponders.join(' ') });
  });
  return { riders, problems };
}
