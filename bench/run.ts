// `npm run bench [-- --quick] [-- --markdown <file>]`: Vijf Vragen against baselines measured in
// the same run, on a PostgreSQL database of its own (created here, dropped at the end).
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createDatabase, dropDatabase, median } from './bench-support.js';
import { benchDigest, type DigestFigures } from './digest.js';
import { benchFanout, type FanoutFigures } from './fanout.js';
import { benchFootprint, ensureBuild, type FootprintFigures } from './footprint.js';
import { benchIngest, type IngestRow } from './ingest.js';
import { benchMultiWorkspace, type MultiWorkspaceFigures } from './multi-workspace.js';
import { benchReport, type ReportFigures } from './report.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const markdownAt = args.indexOf('--markdown');
const markdownPath = markdownAt >= 0 ? args[markdownAt + 1] : undefined;
const onlyAt = args.indexOf('--only');
/** `--only a,c` runs some of the sections. */
const only = new Set((onlyAt >= 0 ? (args[onlyAt + 1] ?? '') : 'a,b,c,d,e,f').split(','));
const DATABASE = process.env.BENCH_DATABASE ?? 'vijfvragen_bench';

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );

const spread = (values: number[], digits = 1) =>
  `${fixed(Math.min(...values), digits)}–${fixed(Math.max(...values), digits)}`;

/** One row per load: medians over the interleaved rounds, the ratio of each round's pair with its spread. */
function ingestTable(rows: IngestRow[]): string {
  const loads = [...new Set(rows.map((r) => r.load))];
  return table(
    [
      'load',
      'rounds',
      'Vijf Vragen req/s',
      'baseline req/s',
      'ratio: median (min–max)',
      'p50 ms (VV / base)',
      'p99 ms: VV median (min–max) / base',
      'CPU ms/req app+db (VV / base)',
      'acked',
      'stored',
      'failed',
    ],
    loads.map((load) => {
      const ours = rows.filter((r) => r.load === load && r.target === 'vijfvragen');
      const base = rows.filter((r) => r.load === load && r.target === 'baseline');
      const ratios = ours.flatMap((r) => {
        const pair = base.find((b) => b.round === r.round);
        return pair ? [(r.figures.perSecond / pair.figures.perSecond) * 100] : [];
      });
      const m = (list: IngestRow[], pick: (r: IngestRow) => number) => median(list.map(pick));
      const cpu = (list: IngestRow[]) =>
        `${fixed(
          m(list, (r) => r.cpu.serverMs),
          2,
        )}+${fixed(
          m(list, (r) => r.cpu.databaseMs),
          2,
        )}`;
      const sum = (pick: (r: IngestRow) => number) => ours.reduce((total, r) => total + pick(r), 0);
      return [
        load,
        String(ours.length),
        fixed(m(ours, (r) => r.figures.perSecond)),
        fixed(m(base, (r) => r.figures.perSecond)),
        ratios.length ? `${fixed(median(ratios), 0)} % (${spread(ratios, 0)} %)` : '–',
        `${fixed(m(ours, (r) => r.figures.p50Ms))} / ${fixed(m(base, (r) => r.figures.p50Ms))}`,
        `${fixed(m(ours, (r) => r.figures.p99Ms))} (${spread(ours.map((r) => r.figures.p99Ms))}) / ${fixed(m(base, (r) => r.figures.p99Ms))}`,
        `${cpu(ours)} / ${cpu(base)}`,
        String(sum((r) => r.figures.requests - r.figures.failed)),
        String(sum((r) => r.stored)),
        String(sum((r) => r.figures.failed)),
      ];
    }),
  );
}

function fanoutTable(f: FanoutFigures): string {
  return table(
    [
      'channels',
      'workspace cap',
      'time s',
      'floor s',
      'ratio',
      'posted',
      'duplicates',
      'lost',
      '429s',
      'early retries',
      'not sent',
    ],
    [
      [
        String(f.channels),
        `${f.workspacePerMinute}/min + 1/s per channel`,
        fixed(f.seconds),
        fixed(f.floorSeconds),
        `${fixed((f.seconds / Math.max(f.floorSeconds, 0.001)) * 100, 0)} %`,
        String(f.posted),
        String(f.duplicates),
        String(f.lost),
        String(f.refused429),
        String(f.earlyRetries),
        String(f.deliveriesNotSent),
      ],
    ],
  );
}

function digestTable(d: DigestFigures): string {
  if (!d.available) return `Not available yet: ${d.reason}`;
  return table(
    ['board', 'digests', 'digest s', 'SQL aggregation s', 'ratio', 'peak RSS MB (before)', 'seeding s'],
    [
      [
        d.board,
        String(d.digests),
        fixed(d.seconds, 2),
        fixed(d.baselineSeconds, 2),
        `${fixed(d.seconds / d.baselineSeconds, 1)}×`,
        `${fixed(d.peakRssMb, 0)} (${fixed(d.rssBeforeMb, 0)})`,
        fixed(d.seedSeconds, 1),
      ],
    ],
  );
}

function multiWorkspaceTable(f: MultiWorkspaceFigures): string {
  return table(
    [
      'workspaces × channels',
      'cap per workspace',
      'our pace (burst)',
      'concurrency / batch',
      'time s',
      "one workspace's floor s",
      'ratio',
      'first workspace done s',
      'posted',
      'duplicates',
      'lost',
      '429s',
      'early retries',
      'history checks',
      'not sent',
    ],
    [
      [
        `${f.workspaces} × ${f.channelsPerWorkspace}`,
        `${f.workspacePerMinute}/min + 1/s per channel`,
        `${f.pacePerMinute}/min (${f.paceBurst})`,
        `${f.concurrency} / ${f.batch}`,
        fixed(f.seconds),
        fixed(f.floorSeconds),
        `${fixed(f.seconds / Math.max(f.floorSeconds, 0.001), 2)}×`,
        fixed(f.firstWorkspaceDoneSeconds),
        String(f.posted),
        String(f.duplicates),
        String(f.lost),
        String(f.refused429),
        String(f.earlyRetries),
        String(f.historyChecks),
        String(f.deliveriesNotSent),
      ],
    ],
  );
}

function reportTable(r: ReportFigures): string {
  return table(
    ['board', 'rounds in the year', 'report s', 'SQL core figures s', 'ratio', 'PDF s (pages)', 'peak RSS MB (before)'],
    [
      [
        r.board,
        String(r.rounds),
        fixed(r.reportSeconds, 2),
        fixed(r.baselineSeconds, 2),
        `${fixed(r.reportSeconds / r.baselineSeconds, 1)}×`,
        `${fixed(r.pdfSeconds, 2)} (${r.pdfPages})`,
        `${fixed(r.peakRssMb, 0)} (${fixed(r.rssBeforeMb, 0)})`,
      ],
    ],
  );
}

function footprintTable(f: FootprintFigures): string {
  const figure = (value: number, unit: 's' | 'MB') => (unit === 's' ? `${fixed(value, 2)} s` : `${fixed(value, 0)} MB`);
  return table(
    ['figure', 'median', 'runs', 'target', 'ratio', 'met'],
    f.rows.map((row) => {
      const value = row.measured.median;
      const runs = row.measured.runs.map((v) => fixed(v, row.unit === 's' ? 2 : 0)).join(', ');
      if (row.baseline) {
        const ratio = value / row.baseline.measured.median;
        const max = row.baseline.maxRatio;
        return [
          row.what,
          figure(value, row.unit),
          runs,
          max === undefined ? '–' : `≤ ${max}× ${row.baseline.what}`,
          `${fixed(ratio, 2)}×`,
          max === undefined ? '–' : ratio <= max ? 'yes' : '**no**',
        ];
      }
      if (row.limit !== undefined)
        return [
          row.what,
          figure(value, row.unit),
          runs,
          `≤ ${figure(row.limit, row.unit)}`,
          `${fixed(value / row.limit, 2)}× of the limit`,
          value <= row.limit ? 'yes' : '**no**',
        ];
      return [row.what, figure(value, row.unit), runs, '–', '–', '–'];
    }),
  );
}

async function sectionF(): Promise<string> {
  // A database of its own: the demo board there is the only organisation `rounds --json` sees.
  const name = `${DATABASE}_f`;
  const url = await createDatabase(name);
  try {
    const f = await benchFootprint({ databaseUrl: url, rounds: quick ? 2 : 3, idleMs: quick ? 3000 : 5000 });
    return `### (f) Footprint and start-up: \`bin/vijfvragen.js\` (${f.build}) vs requiring @slack/bolt, botbuilder, pg, kysely and express, and vs a bare Bolt app; ${f.rounds} interleaved rounds, idle RSS read ${f.idleSeconds} s after ready; load average ${fixed(f.load[0])} at the start, ${fixed(f.load[1])} at the end\n\n${footprintTable(f)}`;
  } finally {
    await dropDatabase(name);
  }
}

async function sectionD(databaseUrl: string): Promise<string> {
  const report = await benchReport({ databaseUrl, quick });
  return `### (d) The board's school-year report vs one hand-written SQL of its core figures\n\n${reportTable(report)}`;
}

async function sectionA(databaseUrl: string): Promise<string> {
  // The server runs as production does: the compiled build (a stale dist/ would leave it on tsx).
  const build = await ensureBuild();
  const ingest = await benchIngest({
    databaseUrl,
    concurrencies: quick ? [4, 32] : [1, 8, 32, 64],
    requestsPerRun: quick ? 300 : 1500,
    warmup: quick ? 300 : 1000,
    rate: { perSecond: 500, seconds: quick ? 2 : 5 },
    rounds: 3,
  });
  return `### (a) Reply ingestion: POST /slack/events (signed, stored before ack) vs a bare Bolt app inserting into PostgreSQL, interleaved (A B A B …, 3 rounds per load); server: ${build}\n\n${ingestTable(ingest)}`;
}

async function sectionB(databaseUrl: string): Promise<string> {
  const fanout = await benchFanout({ databaseUrl, channels: quick ? 200 : 1000, workspacePerMinute: 600 });
  return `### (b) One round to ${fanout.channels} channels, fake Slack enforcing 1 post/s per channel and ${fanout.workspacePerMinute} posts/min per workspace\n\n${fanoutTable(fanout)}`;
}

async function sectionC(databaseUrl: string): Promise<string> {
  const digest = await benchDigest({ databaseUrl, quick });
  return `### (c) Weekly digests of a large board vs one hand-written SQL aggregation\n\n${digestTable(digest)}`;
}

async function sectionE(databaseUrl: string): Promise<string> {
  const multi = await benchMultiWorkspace({
    databaseUrl,
    workspaces: quick ? 5 : 20,
    channelsPerWorkspace: quick ? 100 : 250,
    workspacePerMinute: 600,
    concurrency: Number(process.env.BENCH_DELIVERY_CONCURRENCY ?? 32),
    batch: Number(process.env.BENCH_DELIVERY_BATCH ?? 200),
  });
  return `### (e) One instance, many school boards: a round to ${multi.workspaces} workspaces × ${multi.channelsPerWorkspace} channels, each workspace limited on its own (1 post/s per channel, ${multi.workspacePerMinute} posts/min per workspace)\n\n${multiWorkspaceTable(multi)}`;
}

const started = Date.now();
const databaseUrl = await createDatabase(DATABASE);
const sections: string[] = [];
try {
  console.error(`bench: ${quick ? 'quick' : 'full'} run on database ${DATABASE}`);
  for (const [name, run] of [
    ['a', sectionA],
    ['b', sectionB],
    ['c', sectionC],
    ['d', sectionD],
    ['e', sectionE],
    ['f', sectionF],
  ] as const) {
    if (!only.has(name)) continue;
    sections.push(await run(databaseUrl));
    console.error(`bench: (${name}) done`);
  }
} finally {
  await dropDatabase(DATABASE);
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, shared with other work`;
const report = [
  `## Benchmarks (${new Date().toISOString().slice(0, 10)}, ${quick ? '`npm run bench -- --quick`' : '`npm run bench`'}, ${Math.round((Date.now() - started) / 1000)} s)`,
  `Machine: ${machine}.`,
  ...sections,
].join('\n\n');
console.log(report);
if (markdownPath) writeFileSync(markdownPath, `${report}\n`);
