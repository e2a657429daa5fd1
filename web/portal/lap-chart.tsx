/**
 * @module One uPlot chart over lap number, sized to its panel (a phone's 390 px too), with the same
 * numbers in a <details> table for screen readers (the canvas is aria-hidden). The element carries
 * what uPlot was given (`chartData`, `data-series`) so a browser test can check the drawn series,
 * and the first chart drawn after a race's laps arrive leaves a performance mark.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartData } from './chart-data.ts';
import { FIRST_CHART_MARK, LAPS_RECEIVED_MARK } from './chart-marks.ts';
import { TableRegion } from './table-region.tsx';

export interface ChartElement extends HTMLDivElement {
  chartData?: uPlot.AlignedData;
}

const HEIGHT = 260;

export function LapChart({ id, title, data, yLabel, xLabel = 'Lap', invert = false, format }: { id: string; title: string; data: ChartData; yLabel: string; xLabel?: string; invert?: boolean; format: (v: number) => string }) {
  const box = useRef<ChartElement>(null);
  useEffect(() => {
    const el = box.current!;
    const fg = getComputedStyle(el).color;
    const grid = { stroke: 'rgba(128,128,128,0.25)', width: 1 };
    const aligned: uPlot.AlignedData = [data.laps, ...data.series.map((s) => s.values)];
    const chart = new uPlot(
      {
        width: el.clientWidth,
        height: HEIGHT,
        scales: { x: { time: false }, y: invert ? { dir: -1 } : {} },
        axes: [
          // Laps and stints are whole numbers: no tick between them.
          { stroke: fg, grid, label: xLabel, size: 36, incrs: [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500] },
          { stroke: fg, grid, label: yLabel, size: 48, values: (_u, ticks) => ticks.map(format) },
        ],
        legend: { show: false },
        series: [
          {},
          ...data.series.map((s) =>
            s.points
              ? { label: s.label, stroke: 'transparent', width: 0, points: { show: true, size: 12, stroke: s.colour, fill: 'transparent', width: 2 } }
              : { label: s.label, stroke: s.colour, width: 2, spanGaps: s.dashed === true, ...(s.dashed ? { dash: [6, 4] } : {}), points: { show: !s.dashed && data.laps.length <= 60, size: 5 } },
          ),
        ],
        hooks: {
          draw: [
            () => {
              if (performance.getEntriesByName(FIRST_CHART_MARK).length === 0 && performance.getEntriesByName(LAPS_RECEIVED_MARK).length > 0) performance.mark(FIRST_CHART_MARK);
              el.dataset.drawn = 'true';
            },
          ],
        },
      },
      aligned,
      el,
    );
    el.chartData = aligned;
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      delete el.chartData;
    };
  }, [data, invert, xLabel]);

  const labels = data.series.map((s) => s.label);
  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <ul class="chart-key" aria-hidden="true">
        {data.series.map((s) => (
          <li key={s.label}>
            <span class={s.points ? 'swatch suspect' : s.dashed ? 'swatch dashed' : 'swatch'} style={s.points ? { borderColor: s.colour } : s.dashed ? { borderTopColor: s.colour } : { background: s.colour }} />
            {s.label}
          </li>
        ))}
      </ul>
      <div ref={box} id={id} class="chart-canvas" aria-hidden="true" data-series={JSON.stringify(labels)} />
      <details class="chart-table">
        <summary>{title}: the numbers</summary>
        <TableRegion label={`${title}: the numbers`}>
          <table>
            <thead>
              <tr>
                <th scope="col">{xLabel}</th>
                {labels.map((l) => (
                  <th scope="col" key={l}>
                    {l}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.laps.map((lap, row) => (
                <tr key={lap}>
                  <th scope="row">{lap}</th>
                  {data.series.map((s) => (
                    <td key={s.label}>{s.values[row] === null ? '' : format(s.values[row]!)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      </details>
    </figure>
  );
}
