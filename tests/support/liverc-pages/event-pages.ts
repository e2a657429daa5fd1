/** @module The event page (§1.6) and entry list (§1.7) of a synthetic event, laid out like the real `view_event` / `view_entry_list` pages. */
import { displayCompleted, displayRange, esc, page } from './html.ts';
import { fullName, lapCount, registrations, type SynthEvent } from './model.ts';

const count = (n: number) => n.toLocaleString('en-US');

function raceRows(event: SynthEvent): string {
  const rows: string[] = [];
  let section: string | null = null;
  for (const race of event.races) {
    if (race.section !== section) {
      section = race.section;
      rows.push(`											<tr>
												<th>${esc(section)}</th>
												<th>Time Completed</th>
											</tr>`);
    }
    rows.push(`													<tr>
														<td><a href="/results/?p=view_race_result&id=${race.race_id}" class="block"><i class="fa fa-trophy"></i> ${esc(race.label)}</a></td>
														<td>${displayCompleted(race.completed_at)}</td>
													</tr>`);
  }
  return rows.join('\n');
}

export function eventPageHtml(event: SynthEvent): string {
  const { entries, drivers } = registrations(event);
  const laps = event.races.reduce((n, r) => n + lapCount(r), 0);
  const sections = [...new Set(event.races.map((r) => r.section))];
  const body = `<div class="row">
	<div class="col-lg-8">
			<div class="panel panel-default">
				<div class="panel-heading"><i class="fa fa-list-ol fa-fw"></i> Race Lineups &amp; Results</div>
				<div class="panel-body no_padding">
						<div class="table-responsive">
							<table class="table table-hover entry_list_data">
								<thead>
									<tr>
										<th><span class="class_header">Race Lineups &amp; Entry List</span></th>
									</tr>
								</thead>
								<tbody>
									<tr class="clickable-row" data-href="/results/?p=view_entry_list&id=${event.event_id}">
										<td><a href="/results/?p=view_entry_list&id=${event.event_id}" class="block"><i class="fa fa-bars"></i> Entry List</a></td>
									</tr>
${sections.map((s, i) => `											<tr>
												<td><a href="/results/?p=view_heat_sheet&id=${Number(event.event_id) * 10 + i}" class="block"><i class="fa fa-list"></i> ${esc(s)}</a></td>
											</tr>`).join('\n')}
								</tbody>
							</table>
						</div>
							<div class="table-responsive">
								<table class="table table-hover entry_list_data">
									<thead>
										<tr>
											<th><span class="class_header">Overall Results &amp; Rankings</span></th>
										</tr>
									</thead>
									<tbody>
											<tr>
												<td><a href="/results/?p=event_overall_ranking&id=${event.event_id}" class="block"><i class="fa fa-trophy"></i> Final Results</a></td>
											</tr>
									</tbody>
								</table>
							</div>
						<div class="table-responsive">
							<table class="table table-hover entry_list_data">
								<thead>
									<tr>
										<th colspan="2"><span class="class_header">Race Results</span></th>
									</tr>
								</thead>
								<tbody>
${raceRows(event)}
								</tbody>
							</table>
						</div>
				</div>
				<!-- /.panel-body -->
			</div>
	</div>
	<div class="col-lg-4">
					<div class="card">
	<div class="card-header">
		<h2><i class="fas fa-chart-line"></i> Event Stats</h2>
	</div>
	<div class="card-body p-0">
		<table class="table table-sm table-borderless m-0">
			<tbody>
				<tr>
					<th>Race Track</th>
					<td>Offroad</td>
				</tr>
				<tr>
					<th>Registrations</th>
					<td>
						Entries: ${entries}<br />
						Drivers: ${drivers}					</td>
				</tr>
				<tr>
					<th>Total Race Laps</th>
					<td>${count(laps)}</td>
				</tr>
			</tbody>
		</table>
	</div>
</div>
	</div>
</div>`;
  return page({ title: [event.name], track_name: event.track_name, event: { name: event.name, date: displayRange(event.date_start, event.date_end) }, body });
}

/** Tab and table ids LiveRC derives from the class name. */
const tabId = (className: string, n: number) => `${className.replace(/[^A-Za-z0-9]+/g, '_')}_tab_${n}`;

export function entryListHtml(event: SynthEvent): string {
  const tabs = event.classes
    .map((c, i) => `			<li${i === 0 ? ' class="active"' : ''}><a href="#${tabId(c.class_name, i)}" data-toggle="tab">${esc(c.class_name)}</a></li>`)
    .join('\n');
  const panes = event.classes
    .map((c, i) => {
      // Rows are alphabetical by surname; the "#" column counts rows, it is no car number (§1.7).
      const sorted = [...c.drivers].sort((a, b) => `${a.last}, ${a.first}`.localeCompare(`${b.last}, ${b.first}`));
      const rows = sorted
        .map((d, n) => `								<tr>
									<td>${n + 1}</td>
									<td><span class="hidden">${esc(`${d.last}, ${d.first}`)}</span>${esc(fullName(d))}</td>
									<td>${d.transponder}</td>
								</tr>`)
        .join('\n');
      return `			<div class="tab-pane fade${i === 0 ? ' in active' : ''}" id="${tabId(c.class_name, i)}">
				<div class="table-responsive">
					<table id="${tabId(c.class_name, i).replace('_tab_', '_table_')}" class="table table-striped">
						<thead>
							<tr>
								<th colspan="3"><div class="class_header">${esc(c.class_name)}</div><div class="class_sub_header">Entries: ${c.drivers.length}</div></th>
							</tr>
							<tr>
								<th>#</th>
								<th>Driver</th>
								<th>Transponder #</th>
							</tr>
						</thead>
						<tbody>
${rows}
						</tbody>
					</table>
				</div>
			</div>`;
    })
    .join('\n');
  const body = `<div class="row">
	<div class="col-lg-12">
		<div class="panel panel-default">
			<div class="panel-heading"><i class="fa fa-bars fa-fw"></i> Entry List</div>
			<div class="panel-body">
		<ul class="nav nav-pills">
${tabs}
		</ul>
		<div class="tab-content">
${panes}
		</div>
			</div>
		</div>
	</div>
</div>`;
  return page({ title: [event.name, 'Entry List'], track_name: event.track_name, event: { name: event.name, date: displayRange(event.date_start, event.date_end) }, body });
}
