import type { ChartData } from '../../dialogues/digest/chart-data.js';
import type { Locale } from '../../dialogues/model.js';

/**
 * The chart as a PNG, with echarts and resvg loaded on the first chart drawn: together they are
 * most of what the server would otherwise load at start-up (about 2,700 modules), for a picture
 * that many processes never draw.
 */
export async function chartPng(data: ChartData, locale: Locale): Promise<Buffer> {
  const chart = await import('./chart-image.js');
  return chart.chartPng(data, locale);
}
