/** @module The catalogue pages of a made-up LiveRC: the global track list (§1.3) and a track's events list (§1.5), one row per track or event. */
import { displayDate, esc, page } from './html.ts';

export interface TrackRow {
  slug: string;
  name: string;
  status?: 'idle' | 'practice' | 'racing';
  /** "3 hours ago", "last month". */
  age?: string;
  current_event?: string;
}

export interface EventRow {
  event_id: string;
  name: string;
  /** `YYYY-MM-DD`; the list shows only the start day. */
  date: string;
  /** Hidden sort key's time of day; `00:00:00` when none was entered. */
  time?: string;
  entries: number;
  drivers: number;
}

const STATUS = { idle: 0, practice: 1, racing: 2 } as const;

export function trackListHtml(tracks: readonly TrackRow[]): string {
  const rows = tracks
    .map((t) => `							<tr class="clickable-row" data-href="//${t.slug}.liverc.com/live/">
								<td class="text-nowrap"><i class="status_${STATUS[t.status ?? 'idle']}"></i> <i class="status_video_0"></i> <small><small>${esc(t.age ?? 'last month')}</small></small></td>
								<td><span class="hidden">${esc(t.slug)}</span><a href="//${t.slug}.liverc.com/"><strong>${esc(t.name)}</strong></a>${t.current_event ? `<div class="indent"><small>${esc(t.current_event)}</small></div>` : ''}</td>
							</tr>`)
    .join('\n');
  const body = `<div class="row">
	<div class="col-lg-12">
		<h1 class="page-header">Track List</h1>
		<div class="table-responsive">
			<table class="table table-striped track_list" width="100%">
				<thead>
					<tr>
						<th>Status</th>
						<th>Track Name</th>
					</tr>
				</thead>
				<tbody>
${rows}
				</tbody>
			</table>
		</div>
	</div>
</div>
<script>$(document).ready(function() { $('.track_list').DataTable({ 'pageLength': 100, 'sort': false }); });</script>`;
  return page({ title: [], track_name: 'LiveRC', body });
}

export function eventsListHtml(trackName: string, events: readonly EventRow[]): string {
  const rows = events
    .map((e) => `									<tr>
										<td><a href="/results/?p=view_event&id=${e.event_id}">${esc(e.name)}</a></td>
										<td><span class="hidden">${e.date} ${e.time ?? '00:00:00'}</span>${displayDate(e.date)}</td>
										<td>${e.entries}</td>
										<td>${e.drivers}</td>
									</tr>`)
    .join('\n');
  const head = ['Event Name', 'Date', '# Entries', '# Drivers'].map((h) => `									<th>${h}</th>`).join('\n');
  const body = `<div class="row">
	<div class="col-lg-12">
		<h1 class="page-header"><span class="fa fa-road"></span> ${esc(trackName)}</h1>
		<div class="panel panel-default">
			<div class="panel-heading"><i class="fa fa-calendar fa-fw"></i> Archived Results</div>
			<div class="panel-body">
				<div class="table-responsive">
						<table id="events" class="table table-striped" width="100%">
							<thead>
								<tr>
${head}
								</tr>
							</thead>
							<tfoot>
								<tr>
${head}
								</tr>
							</tfoot>
							<tbody>
${rows}
							</tbody>
						</table>
				</div>
			</div>
		</div>
	</div>
</div>`;
  return page({ title: ['Archived Results'], track_name: trackName, body });
}
