/** @module The page frame LiveRC wraps every results page in (sb-admin-2 head, nav, breadcrumb header), and the value formats it prints (§1.13). */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `2025-11-16` → `Nov 16, 2025`. */
export function displayDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${MONTHS[m - 1]} ${d}, ${y}`;
}

/** The event header's date: one day, or `Apr 23, 2025 to Apr 27, 2025`. */
export function displayRange(start: string, end: string): string {
  return start === end ? displayDate(start) : `${displayDate(start)} to ${displayDate(end)}`;
}

/** `2025-11-16T17:30` → `Nov 16, 2025 at 5:30pm`. */
export function displayCompleted(at: string): string {
  const [date, time] = at.split('T') as [string, string];
  const [h, m] = time.split(':').map(Number) as [number, number];
  return `${displayDate(date)} at ${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, '0')}${h < 12 ? 'am' : 'pm'}`;
}

/** Seconds → `M:SS.mmm` (`30:31.382`), or `S.mmm` under a minute when `short`. */
export function clock(seconds: number, short = false): string {
  const millis = Math.round(seconds * 1000);
  const m = Math.floor(millis / 60_000);
  const s = (millis % 60_000) / 1000;
  if (short && m === 0) return s.toFixed(3);
  return `${m}:${s.toFixed(3).padStart(6, '0')}`;
}

/** Lap seconds as racerLaps prints them: up to three decimals, trailing zeros dropped (`38.17`). */
export function lapText(seconds: number): string {
  return String(Math.round(seconds * 1000) / 1000);
}

export interface Frame {
  /** `<title>` parts between the track name and `LiveRC`. */
  title: string[];
  track_name: string;
  /** h3 and h5 of the breadcrumb; absent on catalogue pages. */
  event?: { name: string; date: string };
  /** The page's own stylesheet and DataTables set-up, like the real head carries. */
  head?: string;
  body: string;
}

export function page(frame: Frame): string {
  const title = [frame.track_name, ...frame.title, 'LiveRC'].map(esc).join(' :: ');
  const breadcrumb = frame.event
    ? `<div class="row page-breadcrumb">
	<div class="col-lg-12">
		<h1 class="page-header"><span class="fa fa-road"></span> ${esc(frame.track_name)}</h1>
		<div class="clearfix">
			<h3 class="page-header text-nowrap pull-left"><span class="fa fa-list-ol"></span> ${esc(frame.event.name)}</h3>
			<h5 class="page-header text-nowrap pull-left"><span class="fa fa-calendar"></span> ${esc(frame.event.date)}</h5>
		</div>
		<a href="/events/"><i class="fa fa-calendar fa-fw"></i> <u>View results from other events</u></a>
	</div>
</div>`
    : '';
  return `
<!DOCTYPE html>
<html lang="en">

	<head>
		<meta charset="utf-8" />
		<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
		<meta name="viewport" content="width=device-width, initial-scale=1" />
		<title>${title}</title>
		<meta name="Copyright" content="2014-2025 LiveRC" />
		<meta name="robots" content="index, follow" />
		<link href="/vendor/bootstrap/css/bootstrap.min.css" rel="stylesheet" />
		<link href="/vendor/sb-admin-2/css/sb-admin-2.css" rel="stylesheet" />
		<script src="//assets.liveracemedia.com/js/jquery.min.js"></script>
		${frame.head ?? ''}
	</head>

	<body>
		<div id="wrapper">
			<nav class="navbar navbar-default navbar-static-top" role="navigation" style="margin-bottom: 0">
				<div class="navbar-header"><a class="navbar-brand" href="/">${esc(frame.track_name)}</a></div>
				<ul class="nav navbar-top-links navbar-right">
					<li><a href="/results/"><i class="fa fa-trophy fa-fw"></i><div>Results</div></a></li>
					<li><a href="/practice/"><i class="fa fa-clock-o fa-fw"></i><div>Practice</div></a></li>
				</ul>
			</nav>
			<div id="page-wrapper">
${breadcrumb}
<div class="row">
	</div>
${frame.body}
			</div>
			<!-- /#page-wrapper -->
		</div>
		<!-- /#wrapper -->
	</body>
</html>
`;
}
