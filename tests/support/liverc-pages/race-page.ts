/** @module A race result page (§1.9) with its inline `racerLaps` script (§1.10): the 13-column results table and one literal block per driver, as LiveRC serves them. */
import { clock, displayRange, esc, lapText, page } from './html.ts';
import { fullName, type SynthEvent, type SynthRace, type SynthResult } from './model.ts';

interface Stats {
  fast: number;
  fastLap: number;
  avg: number;
  top5: number;
  top10: number;
  top15: number;
  top2: number;
  top3: number;
  std: number;
  consistency: number;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function bestConsecutive(times: readonly number[], n: number): number {
  if (times.length < n) return times.reduce((a, b) => a + b, 0);
  let best = Infinity;
  for (let i = 0; i + n <= times.length; i++) best = Math.min(best, times.slice(i, i + n).reduce((a, b) => a + b, 0));
  return best;
}

function stats(result: SynthResult): Stats | null {
  const times = result.laps.map((l) => l.seconds);
  if (times.length === 0) return null;
  const sorted = [...times].sort((a, b) => a - b);
  const avg = mean(times);
  const std = Math.sqrt(mean(times.map((t) => (t - avg) ** 2)));
  const fast = sorted[0]!;
  return {
    fast,
    fastLap: times.indexOf(fast) + 1,
    avg,
    top5: mean(sorted.slice(0, 5)),
    top10: mean(sorted.slice(0, 10)),
    top15: mean(sorted.slice(0, 15)),
    top2: bestConsecutive(times, 2),
    top3: bestConsecutive(times, 3),
    std,
    // LiveRC's consistency is 100 − the deviation as a share of the average lap (91.31 = 100 − 3.566/41.040).
    consistency: 100 - (std / avg) * 100,
  };
}

const f3 = (n: number) => n.toFixed(3);
/** JS single-quoted string literal, apostrophes escaped as the real pages do (`O\'LOUGHLIN`). */
const js = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function racerLapsBlock(result: SynthResult, lengthS: number): string {
  const s = stats(result);
  const name = fullName(result.driver);
  const value = (n: number | undefined) => js(s && n !== undefined ? f3(n) : '');
  let total = 0;
  const laps = result.laps.length === 0
    ? ''
    : [{ lap: 0, position: result.qual, seconds: 0 }, ...result.laps]
        .map((l) => {
          total += l.seconds;
          // Pace: projected laps and time for the race length at the running average lap (§1.10).
          const avg = l.lap === 0 ? 0 : total / l.lap;
          const projected = avg === 0 ? 0 : Math.floor(lengthS / avg) + 1;
          const pace = l.lap === 0 ? '0' : `${projected}/${clock(projected * avg)}`;
          return `
											{
												'lapNum' : '${l.lap}',
												'pos' : '${l.position}',
												'time' : '${l.lap === 0 ? '0' : lapText(l.seconds)}',
												'pace' : '${pace}',
												'segments' : [
																									]
											},`;
        })
        .join('');
  return `							positionDataDriver = {};
							positionDataDriver.label = ${js(name)};
							positionDataDriver.data = [];
							driverNames.push(${js(name)});
							racerLaps[${result.driver.id}] = {
								'driverName' : ${js(name)},
								'fastLap' : ${value(s?.fast)},
								'avgLap' : ${value(s?.avg)},
								'avgTop5' : ${value(s?.top5)},
								'avgTop10' : ${value(s?.top10)},
								'avgTop15' : ${value(s?.top15)},
								'top2Consecutive' : ${value(s?.top2)},
								'top3Consecutive' : ${value(s?.top3)},
								'stdDeviation' : ${value(s?.std)},
								'consistency' : ${value(s?.consistency)},
								'laps' : [${laps}
																	]
							};
${result.laps.map((l) => `																	positionDataDriver.data.push([${l.lap}, ${l.position}]);`).join('\n')}
							positionData.push(positionDataDriver);
							console.log(racerLaps[${result.driver.id}]);`;
}

function resultRow(result: SynthResult, position: number, winner: SynthResult): string {
  const s = stats(result);
  const total = result.laps.reduce((a, l) => a + l.seconds, 0);
  const winnerTotal = winner.laps.reduce((a, l) => a + l.seconds, 0);
  const lapsDown = winner.laps.length - result.laps.length;
  const behind = position === 1 ? '' : lapsDown > 0 ? `${lapsDown} ${lapsDown === 1 ? 'Lap' : 'Laps'}` : clock(total - winnerTotal, true);
  const hidden = (n: number | undefined, shown?: string) => (s && n !== undefined ? `<div class="hidden">${f3(n)}</div>${shown ?? f3(n)}` : '<div class="hidden"></div>');
  const link = result.laps.length > 0
    ? `\n											<br /><span class="text-nowrap"><small><small><a href="#" data-driver-id="${result.driver.id}" class="driver_laps"><span class="fa fa-eye"></span> View Laps</a></small></small></span>`
    : '';
  return `									<tr>
										<td>${position}</td>
										<td>
											<span class="car_num">${result.qual}</span>
											<span class="driver_name">${esc(fullName(result.driver))}</span>${link}
										</td>
										<td>${result.qual}</td>
										<td>${result.laps.length === 0 ? '0' : `${result.laps.length}/${clock(total)}`}</td>
										<td>${behind}</td>
										<td>${s ? `${f3(s.fast)}<sup>${s.fastLap}</sup>` : ''}</td>
										<td>${hidden(s?.avg)}</td>
										<td>${hidden(s?.top5)}</td>
										<td>${hidden(s?.top10)}</td>
										<td>${hidden(s?.top15)}</td>
										<td>${hidden(s?.top3, s ? clock(s.top3) : '')}</td>
										<td>${s ? s.std.toFixed(2) : ''}</td>
										<td>${s ? `${s.consistency.toFixed(2)}%` : ''}</td>
									</tr>`;
}

const HEADERS = ['Pos', 'Driver', 'Qual', 'Laps/Time', 'Behind', 'Fastest Lap', 'Avg Lap', 'Avg Top 5', 'Avg Top 10', 'Avg Top 15', 'Top 3 Consecutive', 'Std. Deviation', 'Consistency'];

export function raceResultHtml(event: SynthEvent, race: SynthRace): string {
  const number = /^Race\s+(\d+)/.exec(race.label)?.[1] ?? '1';
  const minutes = Math.floor(race.length_s / 60);
  const length = `${minutes}:${String(race.length_s % 60).padStart(2, '0')} Timed`;
  const winner = race.results[0]!;
  const body = `<div class="row">
	<div class="col-lg-12">
		<div class="panel panel-default">
			<div class="panel-heading"><i class="fa fa-trophy"></i> ${esc(race.heading)} Results [${race.section === 'Main Events' ? 'M1' : 'Q1'} Race #${number}]</div>
			<div class="panel-body no_padding">
					<script type="text/javascript">
						var racerLaps = {};
						var positionData = [];
						var driverNames = [];
${race.results.map((r) => racerLapsBlock(r, race.length_s)).join('\n')}
					</script>
					<div class="table-responsive">
						<table class="table table-striped race_result" cellspacing="0" width="100%">
							<thead>
								<tr>
									<th colspan="14">
										<div class="race_num" style="background: #0000FF;color: white;">${number}</div>
										<div class="race_info">
											<span class="class_header">${esc(race.heading)}</span><br />
											<span class="class_sub_header">Round: ${esc(race.section)}</span><br />
											<span class="class_sub_header">Length: ${length}</span>
										</div>
									</th>
								</tr>
								<tr>
${HEADERS.map((h) => `									<th>${h}</th>`).join('\n')}
								</tr>
							</thead>
							<tfoot>
								<tr>
${HEADERS.map((h) => `									<th>${h === 'Fastest Lap' ? 'Fastest Lap <sup>(Lap #)</sup>' : h}</th>`).join('\n')}
								</tr>
							</tfoot>
							<tbody>
${race.results.map((r, i) => resultRow(r, i + 1, winner)).join('\n')}
							</tbody>
						</table>
					</div>
			</div>
		</div>
	</div>
</div>`;
  const head = `<link rel="stylesheet" type="text/css" media="screen" href="/css/results/results.race_result.css?1272" />`;
  return page({ title: [event.name, `${race.heading} Results`], track_name: event.track_name, event: { name: event.name, date: displayRange(event.date_start, event.date_end) }, head, body });
}
