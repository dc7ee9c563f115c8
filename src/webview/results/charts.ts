// Charts of a result where a picture reads faster than rows: bytes over time and top talkers for flow logs, events
// over time for CloudTrail. uPlot draws on a canvas, so its colours come from VS Code's theme variables, read when
// the chart is drawn (light, dark and high-contrast themes each get their own).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { CellValue } from '../../core/engine/types';
import { bytesOverTime, chartPlans, eventsOverTime, topTalkers, type ChartPlan } from '../../core/results/chartData';
import { formatBytes, groupThousands, type TimeZoneSetting } from '../../core/results/valueFormat';
import { t } from '../api';
import { h } from '../dom';

const HEIGHT = 200;

interface Theme {
  line: string;
  fill: string;
  text: string;
  grid: string;
  font: string;
}

function themeColours(): Theme {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const text = v('--vscode-foreground', '#888');
  const line = v('--vscode-charts-blue', text);
  // High-contrast themes define a contrast border; the grid uses it there so it stays visible.
  const grid = v('--vscode-contrastBorder', v('--vscode-editorWidget-border', 'rgba(128, 128, 128, 0.3)'));
  const family = v('--vscode-font-family', 'sans-serif');
  return { line, fill: translucent(line), text, grid, font: `12px ${family}` };
}

/** The colour at about a third of its opacity, for the area under a line (canvas takes #rrggbbaa). */
function translucent(colour: string): string {
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(colour);
  const hex = short ? `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}` : colour;
  return /^#[0-9a-f]{6}$/i.test(hex) ? `${hex}59` : 'transparent';
}

function axis(theme: Theme, values?: uPlot.Axis['values'], size?: number): uPlot.Axis {
  return {
    stroke: theme.text,
    font: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
    ...(values ? { values } : {}),
    ...(size ? { size } : {}),
  };
}

function chartOptions(
  title: string,
  width: number,
  zone: TimeZoneSetting,
  theme: Theme,
  series: { label: string; format: (n: number) => string; bars?: boolean },
  xLabels?: string[],
): uPlot.Options {
  const format = (_: uPlot, v: number | null) => (v === null || v === undefined ? '' : series.format(v));
  return {
    title,
    width,
    height: HEIGHT,
    // Times on the axis in the zone the grid uses.
    ...(zone === 'utc' ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') } : {}),
    scales: { x: { time: !xLabels } },
    series: [
      xLabels ? { label: '', value: (_: uPlot, i: number | null) => (i === null ? '' : (xLabels[i] ?? '')) } : {},
      {
        label: series.label,
        stroke: theme.line,
        fill: theme.fill,
        width: 2,
        value: format,
        ...(series.bars ? { paths: uPlot.paths.bars?.({ size: [0.6, 48] }), points: { show: false } } : {}),
      },
    ],
    axes: [
      axis(theme, xLabels ? (_, splits) => splits.map(i => xLabels[i] ?? '') : undefined),
      axis(theme, (_, splits) => splits.map(v => series.format(v)), 80),
    ],
  };
}

function plan(
  p: ChartPlan,
  rows: CellValue[][],
): { title: string; data: uPlot.AlignedData; label: string; format: (n: number) => string; labels?: string[] } {
  switch (p.kind) {
    case 'bytesOverTime': {
      const s = bytesOverTime(rows, p.time, p.bytes);
      return { title: t('chartBytesOverTime'), data: [s.x, s.y], label: 'bytes', format: formatBytes };
    }
    case 'topTalkers': {
      const top = topTalkers(rows, p.source, p.bytes);
      return {
        title: t('chartTopTalkers'),
        data: [top.map((_, i) => i), top.map(x => x.bytes)],
        label: 'bytes',
        format: formatBytes,
        labels: top.map(x => x.address),
      };
    }
    case 'eventsOverTime': {
      const s = eventsOverTime(rows, p.time);
      return { title: t('chartEventsOverTime'), data: [s.x, s.y], label: t('chartEvents'), format: groupThousands };
    }
  }
}

/** Draws the charts the columns allow into `box` (emptying it first); hides it when there are none. */
export function drawCharts(
  box: HTMLElement,
  columns: { name: string; type: string }[],
  rows: CellValue[][],
  zone: TimeZoneSetting,
): void {
  const plans = rows.length ? chartPlans(columns) : [];
  box.hidden = plans.length === 0;
  const area = h('div', { class: 'charts' });
  box.replaceChildren(h('summary', {}, t('charts')), area);
  if (!plans.length) return;
  const theme = themeColours();
  const width = Math.max(300, Math.min(area.clientWidth || box.clientWidth || 640, 1000) - 8);
  for (const p of plans) {
    const c = plan(p, rows);
    const holder = h('div', { class: 'chart', 'data-chart': p.kind });
    area.appendChild(holder);
    const options = chartOptions(
      c.title,
      width,
      zone,
      theme,
      { label: c.label, format: c.format, bars: !!c.labels },
      c.labels,
    );
    new uPlot(options, c.data, holder);
  }
}
