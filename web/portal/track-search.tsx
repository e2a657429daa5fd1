/**
 * @module Find a track: an ARIA combobox (input plus listbox, WAI-ARIA APG list autocomplete) over
 * the LiveRC catalogue. Arrow keys move through the tracks, Enter picks one, Escape closes the list
 * (and a second Escape clears the text); a tap or click picks too.
 */
import { useState } from 'preact/hooks';
import type { TrackRecord } from './api.ts';
import { useTrackSearch } from './use-track-search.ts';

const LIST_ID = 'track-options';
const optionId = (slug: string) => `track-option-${slug}`;

export function TrackSearch({ picked, onPick }: { picked: TrackRecord | null; onPick: (track: TrackRecord) => void }) {
  const [query, setQuery] = useState(picked?.name ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const search = useTrackSearch(open ? query : '');
  const tracks = search.tracks;
  const showList = open && query.trim() !== '' && search.answered !== '';

  const pick = (track: TrackRecord) => {
    setQuery(track.name);
    setOpen(false);
    setActive(-1);
    onPick(track);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (tracks.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i < 0 ? (step > 0 ? 0 : tracks.length - 1) : (i + step + tracks.length) % tracks.length));
    } else if (e.key === 'Enter') {
      if (!showList || tracks.length === 0) return;
      e.preventDefault();
      pick(tracks[active >= 0 ? active : 0]!);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (open) setOpen(false);
      else setQuery('');
      setActive(-1);
    }
  };

  const activeTrack = showList && active >= 0 ? tracks[active] : undefined;
  return (
    <div class="track-search">
      <label for="track-input">Track</label>
      <input
        id="track-input"
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={LIST_ID}
        aria-activedescendant={activeTrack ? optionId(activeTrack.slug) : undefined}
        autocomplete="off"
        spellcheck={false}
        placeholder="Part of the track's name"
        value={query}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul id={LIST_ID} role="listbox" aria-label="Tracks" class="track-options" hidden={!showList}>
        {tracks.map((track, i) => (
          <li
            key={track.slug}
            id={optionId(track.slug)}
            role="option"
            aria-selected={i === active}
            class={i === active ? 'active' : undefined}
            // mousedown, not click: the input's blur would close the list before a click lands.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(track);
            }}
          >
            <span class="track-name">{track.name}</span>
            <span class="track-slug">{track.slug}</span>
          </li>
        ))}
        {tracks.length === 0 && <li class="none" role="option" aria-disabled="true" aria-selected={false}>{search.error ?? `No track matches “${search.answered}”`}</li>}
      </ul>
      <p class="status" aria-live="polite">
        {showList ? (search.error ? search.error : `${tracks.length} track${tracks.length === 1 ? '' : 's'} found`) : ''}
      </p>
    </div>
  );
}
