import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { hasFigures, type ChartData } from '../../dialogues/digest/chart-data.js';
import type { Locale } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { formatNumber } from '../../i18n/numbers.js';

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;

const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';
const COLORS = ['#2f6f9f', '#c2571a', '#3c8d2f', '#8a4fa3'];

/**
 * The digest and dashboard chart, drawn on the server: echarts' server-side renderer makes an
 * SVG (no DOM, no browser), resvg turns it into a PNG that Slack and Teams can show as an image.
 * Left: each outcome figure over its periods with its target as a dashed line; right: the
 * weekly response rate.
 */
export function chartSvg(data: ChartData, locale: Locale, size = { width: CHART_WIDTH, height: CHART_HEIGHT }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    if (!hasFigures(data)) {
      // Nothing to draw: the picture says so, as the dashboard does in a sentence, not bare axes.
      chart.setOption(emptyOption(data, locale, size));
      return chart.renderToSVGString();
    }
    // One value axis: figures in another unit (a report mark next to percentages) would flatten
    // each other, so only the most common unit is drawn.
    const units = data.outcomes.map((o) => o.unit);
    const unit =
      units.sort((a, b) => units.filter((u) => u === b).length - units.filter((u) => u === a).length)[0] ?? '';
    const shown = data.outcomes.filter((o) => o.unit === unit);
    const periods = [...new Set(shown.flatMap((s) => s.periods))].sort();
    const outcomeSeries = shown.flatMap((s, i) => {
      const color = COLORS[i % COLORS.length];
      const values = periods.map((p) => {
        const at = s.periods.indexOf(p);
        return at >= 0 ? (s.values[at] ?? null) : null;
      });
      const line = {
        type: 'line',
        name: s.name,
        data: values,
        xAxisIndex: 0,
        yAxisIndex: 0,
        connectNulls: true,
        symbolSize: 7,
        lineStyle: { width: 2, color },
        itemStyle: { color },
      };
      if (s.target === null) return [line];
      const target = {
        type: 'line',
        name: `${t(locale, 'digest.target')}: ${s.name}`,
        data: periods.map(() => s.target),
        xAxisIndex: 0,
        yAxisIndex: 0,
        symbol: 'none',
        lineStyle: { type: 'dashed', width: 1.5, color },
        itemStyle: { color },
      };
      return [line, target];
    });
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT },
      title: { text: t(locale, 'digest.chart_title'), left: 10, top: 6, textStyle: { fontSize: 15, fontFamily: FONT } },
      // Targets share their figure's colour (dashed), so the legend names the figures only.
      legend: {
        bottom: 4,
        left: 10,
        right: 10,
        type: 'plain',
        data: [...shown.map((o) => o.name), t(locale, 'digest.response_rate')],
        textStyle: { fontSize: 10, fontFamily: FONT },
      },
      grid: [
        { left: 50, top: 50, width: '50%', bottom: 90 },
        { right: 25, top: 50, width: '28%', bottom: 90 },
      ],
      xAxis: [
        { type: 'category', gridIndex: 0, data: periods.length > 0 ? periods : ['—'], axisLabel: { fontSize: 10 } },
        {
          type: 'category',
          gridIndex: 1,
          data: data.response.weeks.map((w) => w.slice(5)),
          axisLabel: { fontSize: 10, rotate: 45 },
        },
      ],
      yAxis: [
        {
          type: 'value',
          gridIndex: 0,
          scale: true,
          name: `${unit} (- - ${t(locale, 'digest.target')})`,
          nameTextStyle: { fontSize: 10 },
          // Decimal commas in Dutch, as every other number the bot shows.
          axisLabel: { formatter: (value: number) => formatNumber(value, locale) },
        },
        {
          type: 'value',
          gridIndex: 1,
          min: 0,
          max: 100,
          name: t(locale, 'digest.response_rate'),
          nameTextStyle: { fontSize: 10 },
        },
      ],
      series: [
        ...outcomeSeries,
        {
          type: 'bar',
          name: t(locale, 'digest.response_rate'),
          data: data.response.rates,
          xAxisIndex: 1,
          yAxisIndex: 1,
          itemStyle: { color: '#9bb7cf' },
          barMaxWidth: 18,
        },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart of a board without figures or answers yet: its title, and two lines that say so. */
function emptyOption(data: ChartData, locale: Locale, size: { width: number; height: number }) {
  const week = data.response.weeks.at(-1);
  // Anchored at the centre (text-anchor: middle): echarts' server-side guess of a text's width is
  // not the width resvg draws, so a box centred on that guess would sit off-centre.
  const text = (value: string, y: number, fontSize: number, fill: string) => ({
    type: 'text',
    x: size.width / 2,
    y,
    style: { text: value, fontSize, fontFamily: FONT, fill, align: 'center', verticalAlign: 'middle' },
  });
  return {
    animation: false,
    backgroundColor: '#ffffff',
    title: { text: t(locale, 'digest.chart_title'), left: 10, top: 6, textStyle: { fontSize: 15, fontFamily: FONT } },
    graphic: [
      text(t(locale, 'digest.chart_empty'), size.height * 0.42, 24, '#1d2433'),
      ...(week ? [text(t(locale, 'web.chart_empty_digest', { week }), size.height * 0.55, 15, '#5b6475')] : []),
    ],
  };
}

export function chartPng(data: ChartData, locale: Locale): Buffer {
  const svg = chartSvg(data, locale);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: CHART_WIDTH },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return Buffer.from(resvg.render().asPng());
}
