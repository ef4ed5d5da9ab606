import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { Locale } from '../dialogues/model.js';
import type { ReportBody } from '../dialogues/report/report-body.js';
import { localized } from '../dialogues/report/framework.js';
import { questionWording, t } from '../i18n/index.js';
import {
  evidenceText,
  figure,
  meetsText,
  phaseName,
  quarterEnd,
  quarterTitles,
  reviewerName,
  reportSubtitle,
  reportTitle,
  schoolDialogue,
  targetText,
  trackText,
  outcomeSubjectHead,
  roundsInTeams,
} from './report-format.js';

/** Printed on every page's footer: the published version, or "draft". */
export interface PdfStamp {
  version: number;
  publishedAt: Date;
}

/** A board's report lists at most this many actions and outside views in print; the rest are counted. */
const MAX_ROWS = 150;
const BLUE = '#24476b';

interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(callback: (url: string) => boolean): void;
  setLocalAccessPolicy(callback: (path: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

let loaded: Promise<PdfMake> | undefined;

/** pdfmake (and pdfkit under it) is loaded on the first PDF only: the bot's other paths never pay for it. */
function pdfmake(): Promise<PdfMake> {
  loaded ??= import('pdfmake').then((module) => {
    const instance = ((module as { default?: unknown }).default ?? module) as PdfMake;
    const fonts = dirname(createRequire(import.meta.url).resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'));
    instance.setFonts({
      Roboto: {
        normal: `${fonts}/Roboto-Regular.ttf`,
        bold: `${fonts}/Roboto-Medium.ttf`,
        italics: `${fonts}/Roboto-Italic.ttf`,
        bolditalics: `${fonts}/Roboto-MediumItalic.ttf`,
      },
    });
    // A report never fetches anything: no URLs at all, and only the bundled fonts from disk.
    instance.setUrlAccessPolicy(() => false);
    instance.setLocalAccessPolicy((path) => path.startsWith(fonts));
    return instance;
  });
  return loaded;
}

/**
 * The report as a PDF fit to print (A4, page numbers, charts as vector SVG). Everything in it is
 * already cut to scope and privacy by `buildReport`; this only lays it out.
 */
export async function reportPdf(body: ReportBody, locale: Locale, stamp: PdfStamp | null = null): Promise<Buffer> {
  const maker = await pdfmake();
  // echarts too is loaded on the first report drawn, not when the server starts.
  const { outcomesChartSvg, participationChartSvg } = await import('./report-chart.js');
  const charts = { outcomes: outcomesChartSvg(body, locale), participation: participationChartSvg(body, locale) };
  const footerLeft = stamp
    ? t(locale, 'report.version_line', {
        version: stamp.version,
        at: stamp.publishedAt.toISOString().slice(0, 16).replace('T', ' '),
      })
    : t(locale, 'report.draft');
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [48, 56, 48, 56],
    info: {
      title: reportTitle(body, locale),
      subject: reportSubtitle(body, locale),
      creator: 'Vijf Vragen',
      producer: 'Vijf Vragen (pdfmake)',
    },
    defaultStyle: { font: 'Roboto', fontSize: 9.5, lineHeight: 1.2, color: '#1d2733' },
    styles: {
      title: { fontSize: 20, bold: true, color: BLUE },
      h1: { fontSize: 14, bold: true, color: BLUE, margin: [0, 14, 0, 6] },
      h2: { fontSize: 11, bold: true, margin: [0, 8, 0, 3] },
      muted: { color: '#667085', fontSize: 8.5 },
      th: { bold: true, fillColor: '#eef1f5' },
      quote: { italics: true, margin: [10, 2, 0, 0] },
    },
    header: (page: number) =>
      page === 1
        ? null
        : { text: `${reportTitle(body, locale)} · ${body.period.label}`, style: 'muted', margin: [48, 24, 48, 0] },
    footer: (page: number, pages: number) => ({
      columns: [
        { text: footerLeft, style: 'muted' },
        { text: t(locale, 'report.page', { page, pages }), style: 'muted', alignment: 'right' },
      ],
      margin: [48, 16, 48, 0],
    }),
    content: [
      ...front(body, locale),
      ...standards(body, locale),
      ...phases(body, locale),
      ...outcomes(body, locale, charts.outcomes),
      ...dialogue(body, locale, charts.participation),
      ...actions(body, locale),
      ...quarters(body, locale),
      ...outside(body, locale),
      ...aspects(body, locale),
    ],
  };
  return maker.createPdf(doc).getBuffer();
}

function table(head: string[], rows: Content[][], widths: (number | string)[]): Content {
  return {
    table: { headerRows: 1, widths, body: [head.map((h) => ({ text: h, style: 'th' })), ...rows] },
    layout: {
      hLineWidth: () => 0.5,
      vLineWidth: () => 0,
      hLineColor: () => '#d0d6de',
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
    margin: [0, 2, 0, 6],
  } as Content;
}

function front(body: ReportBody, locale: Locale): Content[] {
  return [
    { text: reportTitle(body, locale), style: 'title' },
    { text: reportSubtitle(body, locale), fontSize: 12, margin: [0, 4, 0, 2] },
    {
      text:
        t(locale, 'report.framework', { name: localized(body.framework.name, locale) }) +
        (body.framework.publisher ? ` (${localized(body.framework.publisher, locale)})` : ''),
      style: 'muted',
    },
    { text: t(locale, 'report.generated', { at: body.generatedAt.slice(0, 10) }), style: 'muted' },
    { text: t(locale, 'report.privacy_note', { min: body.minGroupSize }), style: 'muted', margin: [0, 0, 0, 6] },
  ];
}

function standards(body: ReportBody, locale: Locale): Content[] {
  return [
    { text: t(locale, 'report.standards_title'), style: 'h1' },
    ...body.standards.flatMap((s): Content[] => [
      { text: `${s.code} ${localized(s.name, locale)}`, style: 'h2' },
      { text: localized(s.description, locale), style: 'muted' },
      table(
        [t(locale, 'report.evidence_title'), ''],
        s.evidence.map((e) => [
          evidenceText(e, locale),
          {
            text: t(locale, e.met ? 'report.met' : 'report.not_met'),
            color: e.met ? '#256029' : '#a3331f',
            bold: !e.met,
          },
        ]),
        ['*', 70],
      ),
      {
        text: [
          { text: `${t(locale, 'report.conclusion')}: `, bold: true },
          s.conclusion ?? { text: t(locale, 'report.conclusion_none'), italics: true, color: '#667085' },
        ],
      },
    ]),
  ];
}

function phases(body: ReportBody, locale: Locale): Content[] {
  const rows = body.phases.map((p) => [p.schoolName, phaseName(p.current.phase, locale), trackText(p.track, locale)]);
  return [
    { text: t(locale, 'report.phase_title'), style: 'h1' },
    table([t(locale, 'dashboard.school'), t(locale, 'dashboard.phase'), ''], rows.slice(0, MAX_ROWS), [120, 150, '*']),
    ...more(rows.length, locale),
  ];
}

function outcomes(body: ReportBody, locale: Locale, chart: string | null): Content[] {
  const rows = body.outcomes.map((o) => [
    `${o.subjectName}`,
    o.name,
    o.series.map((s) => `${s.period}: ${figure(s.value, o.unit, locale)}`).join('\n'),
    targetText(o, locale),
    meetsText(o, locale),
  ]);
  return [
    { text: t(locale, 'report.outcomes_title'), style: 'h1' },
    ...(body.outcomes.length === 0
      ? [{ text: t(locale, 'report.outcomes_none') }]
      : [
          table(
            [
              outcomeSubjectHead(body.outcomes, locale),
              t(locale, 'dashboard.metric'),
              t(locale, 'report.trend_title'),
              t(locale, 'dashboard.target'),
              '',
            ],
            rows.slice(0, MAX_ROWS),
            [80, '*', 110, 60, 90],
          ),
          ...more(rows.length, locale),
        ]),
    ...(chart ? [{ svg: chart, width: 500, margin: [0, 6, 0, 6] } as Content] : []),
  ];
}

function dialogue(body: ReportBody, locale: Locale, chart: string | null): Content[] {
  const held = body.dialogue.teams.filter((team) => team.rounds > 0).length;
  const rows: Content[][] =
    body.kind === 'school'
      ? body.dialogue.teams.map((team) => [
          team.teamName,
          String(team.rounds),
          String(team.members),
          team.participants === null
            ? team.rounds === 0
              ? '–'
              : t(locale, 'report.hidden')
            : String(team.participants),
          team.participation === null ? '–' : `${team.participation}%`,
        ])
      : schoolDialogue(body).map((s) => [
          s.schoolName,
          String(s.rounds),
          String(s.teams),
          '',
          s.participation === null ? '–' : `${s.participation}%`,
        ]);
  const head =
    body.kind === 'school'
      ? [
          t(locale, 'dashboard.team'),
          t(locale, 'report.rounds'),
          t(locale, 'report.members'),
          t(locale, 'report.participants'),
          t(locale, 'report.participation'),
        ]
      : [t(locale, 'dashboard.school'), t(locale, 'report.rounds'), 'Teams', '', t(locale, 'report.participation')];
  return [
    { text: t(locale, 'report.dialogue_title'), style: 'h1' },
    { text: roundsInTeams(body.dialogue.rounds, held, locale, 'dialogue_summary') },
    table(head, rows.slice(0, MAX_ROWS), ['*', 50, 50, 70, 70]),
    ...more(rows.length, locale),
    ...(chart ? [{ svg: chart, width: 500, margin: [0, 4, 0, 6] } as Content] : []),
    { text: t(locale, 'report.per_question'), style: 'h2' },
    ...body.dialogue.questions.flatMap((q): Content[] => [
      {
        text: [
          { text: questionWording(q.key, locale), bold: true },
          { text: `  ${t(locale, 'report.answers', { count: q.answers })}`, style: 'muted' },
        ],
        margin: [0, 5, 0, 1],
      },
      ...(q.excerpts.length === 0
        ? [{ text: t(locale, 'report.no_highlights'), style: 'muted', margin: [10, 0, 0, 0] } as Content]
        : q.excerpts.map((e): Content => ({
            stack: [
              { text: `“${e.text}”`, style: 'quote' },
              {
                text:
                  e.teamName === null
                    ? t(locale, 'report.excerpt_source_hidden', { ...e })
                    : t(locale, 'report.excerpt_source', { ...e, team: e.teamName }),
                style: 'muted',
                margin: [10, 0, 0, 2],
              },
            ],
          }))),
    ]),
  ];
}

function actions(body: ReportBody, locale: Locale): Content[] {
  const rows = body.actions.map((a) => [
    `${a.title}\n${a.teamName}${body.kind === 'board' ? ` · ${a.schoolName}` : ''}`,
    a.ownerName ?? '–',
    t(locale, `report.status_names.${a.status}`) + (a.dueOn ? `\n${a.dueOn}` : ''),
    a.aimedAt
      .map(
        (x) =>
          `${x.name}: ${t(locale, `report.moved.${x.moved}`)}${x.before && x.after ? ` (${x.before.value} → ${x.after.value})` : ''}`,
      )
      .join('\n') || '–',
  ]);
  return [
    { text: t(locale, 'report.actions_title'), style: 'h1' },
    ...(rows.length === 0
      ? [{ text: t(locale, 'report.actions_none') } as Content]
      : [
          table(
            [
              t(locale, 'report.action'),
              t(locale, 'report.owner'),
              t(locale, 'report.status'),
              t(locale, 'report.aimed_at'),
            ],
            rows.slice(0, MAX_ROWS),
            ['*', 80, 60, 150],
          ),
          ...more(rows.length, locale),
        ]),
  ];
}

function quarters(body: ReportBody, locale: Locale): Content[] {
  const board = body.kind === 'board';
  return [
    { text: t(locale, 'report.quarters_title'), style: 'h1' },
    { text: t(locale, 'report.quarters_help'), style: 'muted', margin: [0, 0, 0, 4] },
    table(
      [
        t(locale, 'report.quarter'),
        t(locale, 'report.decided', { count: body.actionQuarters.reduce((n, q) => n + q.decided.length, 0) }),
        t(locale, 'report.done', { count: body.actionQuarters.reduce((n, q) => n + q.done.length, 0) }),
        t(locale, 'report.quarter_end'),
      ],
      body.actionQuarters.map((q) => [
        t(locale, 'report.quarter_range', { from: q.from, to: q.to }),
        quarterTitles(q.decided, board, locale),
        quarterTitles(q.done, board, locale),
        quarterEnd(q, locale),
      ]),
      [62, '*', '*', 110],
    ),
  ];
}

function outside(body: ReportBody, locale: Locale): Content[] {
  const views = body.outsideViews.slice(0, MAX_ROWS);
  return [
    { text: t(locale, 'report.outside_title'), style: 'h1' },
    ...(views.length === 0
      ? [{ text: t(locale, 'report.outside_none') } as Content]
      : views.map((v): Content => ({
          stack: [
            { text: `${reviewerName(v, locale)} · ${v.teamName} · ${v.roundTheme} · ${v.on}`, bold: true },
            { text: `“${v.text}”`, style: 'quote', margin: [10, 1, 0, 5] },
          ],
        }))),
    ...more(body.outsideViews.length, locale),
  ];
}

function aspects(body: ReportBody, locale: Locale): Content[] {
  return [
    { text: t(locale, 'report.aspects_title'), style: 'h1' },
    table(
      [t(locale, 'report.aspects_title'), ''],
      body.aspects.map((a) => [
        t(locale, `aspect.${a.aspect}`),
        roundsInTeams(a.rounds, a.teams, locale, 'aspect_line'),
      ]),
      [150, '*'],
    ),
  ];
}

function more(total: number, locale: Locale): Content[] {
  return total > MAX_ROWS ? [{ text: t(locale, 'digest.text_more', { count: total - MAX_ROWS }), style: 'muted' }] : [];
}
