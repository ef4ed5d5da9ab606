import * as echarts from 'echarts';
import type { Locale } from '../dialogues/model.js';
import type { ReportBody } from '../dialogues/report/report-body.js';
import { t } from '../i18n/index.js';
import { chartedOutcomes, chartedParticipation } from './report-chart-rows.js';

const FONT = 'Helvetica, Arial, sans-serif';
const COLORS = ['#2f6f9f', '#c2571a', '#3c8d2f', '#8a4fa3', '#b08a1e', '#4f6d7a'];

function render(width: number, height: number, option: Record<string, unknown>): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * Outcome figures over the years with their targets (dashed), drawn with echarts' server-side
 * SVG renderer: the same SVG goes into the PDF (pdfmake embeds SVG) and the dashboard page.
 * One unit per chart, the most common one; at most six series. Null when there is nothing to draw.
 */
export function outcomesChartSvg(body: ReportBody, locale: Locale, size = { width: 760, height: 340 }): string | null {
  const { unit, shown } = chartedOutcomes(body);
  if (shown.length === 0) return null;
  const periods = [...new Set(shown.flatMap((o) => o.series.map((s) => s.period)))].sort();
  const series = shown.flatMap((o, i) => {
    const color = COLORS[i % COLORS.length];
    const name = `${o.name} · ${o.subjectName}`;
    const values = periods.map((p) => o.series.find((s) => s.period === p)?.value ?? null);
    const line = {
      type: 'line',
      name,
      data: values,
      connectNulls: true,
      symbolSize: 7,
      lineStyle: { width: 2, color },
      itemStyle: { color },
    };
    return o.target === null
      ? [line]
      : [
          line,
          {
            type: 'line',
            name: `${name} (${t(locale, 'digest.target')})`,
            data: periods.map(() => o.target),
            symbol: 'none',
            lineStyle: { type: 'dashed', width: 1.5, color },
            itemStyle: { color },
          },
        ];
  });
  return render(size.width, size.height, {
    title: { text: t(locale, 'report.chart_title'), left: 8, top: 4, textStyle: { fontSize: 14, fontFamily: FONT } },
    legend: {
      bottom: 2,
      left: 8,
      right: 8,
      data: shown.map((o) => `${o.name} · ${o.subjectName}`),
      textStyle: { fontSize: 10, fontFamily: FONT },
    },
    grid: { left: 55, right: 20, top: 45, bottom: 70 },
    xAxis: { type: 'category', data: periods, axisLabel: { fontSize: 10 } },
    yAxis: {
      type: 'value',
      scale: true,
      name: `${unit ?? ''} (- - ${t(locale, 'digest.target')})`,
      nameTextStyle: { fontSize: 10 },
    },
    series,
  });
}

/** Participation per team (a school's report) or per school (the board's), as bars up to 100 %. */
export function participationChartSvg(
  body: ReportBody,
  locale: Locale,
  size = { width: 760, height: 300 },
): string | null {
  const shown = chartedParticipation(body);
  if (shown.length === 0) return null;
  return render(size.width, size.height, {
    title: {
      text: t(locale, 'report.chart_participation'),
      left: 8,
      top: 4,
      textStyle: { fontSize: 14, fontFamily: FONT },
    },
    grid: { left: 45, right: 20, top: 45, bottom: shown.length > 8 ? 90 : 40 },
    xAxis: {
      type: 'category',
      data: shown.map((r) => r.name),
      axisLabel: { fontSize: 9, rotate: shown.length > 8 ? 45 : 0, interval: 0 },
    },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      {
        type: 'bar',
        data: shown.map((r) => r.value),
        itemStyle: { color: '#2f6f9f' },
        barMaxWidth: 28,
        label: { show: shown.length <= 20, position: 'top', fontSize: 9 },
      },
    ],
  });
}
