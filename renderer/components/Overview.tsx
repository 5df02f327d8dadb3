import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef, useState } from 'react';
import type { LeadQueryInput, WeeklyCounts } from '../../electron/api';
import { call } from '../api';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const PALETTE = ['#0f6cbd', '#e3008c', '#107c10', '#ca5010', '#8764b8', '#038387', '#986f0b', '#c239b3', '#7a7574'];

interface Props {
  query: LeadQueryInput;
  revision: number;
  /** Narrows the grid to one week and, when the bar has one, its action or offer. */
  onPick: (week: string, by: 'action' | 'offer', key: string | null) => void;
}

/** Canvas colours are set when a chart is drawn, so the chart is redrawn when the OS theme changes. */
function useDarkScheme(): boolean {
  const [dark, setDark] = useState(() => window.matchMedia('(prefers-color-scheme: dark)').matches);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const update = () => setDark(media.matches);
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, []);
  return dark;
}

/** Leads per week for the current filters, stacked by action or offer; a click on a bar filters the grid. */
export function Overview({ query, revision, onPick }: Props) {
  const [by, setBy] = useState<'action' | 'offer'>('action');
  const [data, setData] = useState<WeeklyCounts | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = JSON.stringify(query);
  const dark = useDarkScheme();

  useEffect(() => {
    let live = true;
    call('weeklyCounts', { query: JSON.parse(key) as LeadQueryInput, by }).then(
      (value) => live && setData(value),
      (failure: Error) => live && setError(failure.message),
    );
    return () => {
      live = false;
    };
  }, [key, by, revision]);

  useEffect(() => {
    if (!canvas.current || !data) return;
    const text = dark ? '#e8eaed' : '#1b1f24';
    const grid = dark ? '#3a3f47' : '#d9dee5';
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: data.weeks,
        datasets: data.series.map((series, i) => ({ label: series.label, data: series.counts, backgroundColor: PALETTE[i % PALETTE.length], stack: 'leads' })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, ticks: { color: text, maxRotation: 0, autoSkipPadding: 12 }, grid: { display: false } },
          y: { stacked: true, ticks: { color: text, precision: 0 }, grid: { color: grid } },
        },
        plugins: { legend: { position: 'right', labels: { color: text, boxWidth: 12 } }, tooltip: { mode: 'index' } },
        onClick: (_event, elements) => {
          const hit = elements[0];
          if (!hit) return;
          onPick(data.weeks[hit.index]!, by, data.series[hit.datasetIndex]?.key ?? null);
        },
      },
    });
    return () => chart.destroy();
  }, [data, by, onPick, dark]);

  const total = data?.series.reduce((sum, s) => sum + s.counts.reduce((a, b) => a + b, 0), 0) ?? 0;
  return (
    <section className="overview" aria-label="Overview">
      <div className="overview-head">
        <h2>Leads per week</h2>
        <div role="group" aria-label="Break down by" className="row">
          <button type="button" aria-pressed={by === 'action'} onClick={() => setBy('action')}>By action</button>
          <button type="button" aria-pressed={by === 'offer'} onClick={() => setBy('offer')}>By offer</button>
        </div>
        <span className="muted">{total.toLocaleString()} leads in these weeks · click a bar to see them</span>
      </div>
      {error && <p role="alert">{error}</p>}
      <div className="overview-chart">
        <canvas ref={canvas} role="img" aria-label={`Bar chart of leads per week by ${by}`} />
      </div>
      {data && (
        // The chart's numbers for keyboards and screen readers: each week is a button that filters like a bar.
        <ul className="visually-hidden" aria-label="Leads per week">
          {data.weeks.map((week, i) => {
            const count = data.series.reduce((sum, series) => sum + series.counts[i]!, 0);
            return (
              <li key={week}>
                <button type="button" onClick={() => onPick(week, by, null)}>{`Week of ${week}: ${count} leads`}</button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
