// `npm run bench [-- --quick] [-- --markdown <file>]`: Vijf Vragen against baselines measured in
// the same run, on a PostgreSQL database of its own (created here, dropped at the end).
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createDatabase, dropDatabase } from './bench-support.js';
import { benchDigest, type DigestFigures } from './digest.js';
import { benchFanout, type FanoutFigures } from './fanout.js';
import { benchIngest, type IngestRow } from './ingest.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const markdownAt = args.indexOf('--markdown');
const markdownPath = markdownAt >= 0 ? args[markdownAt + 1] : undefined;
const onlyAt = args.indexOf('--only');
/** `--only a,c` runs some of the sections. */
const only = new Set((onlyAt >= 0 ? args[onlyAt + 1] ?? '' : 'a,b,c').split(','));
const DATABASE = process.env.BENCH_DATABASE ?? 'vijfvragen_bench';

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

function ingestTable(rows: IngestRow[]): string {
  const baseline = new Map(rows.filter((r) => r.target === 'baseline').map((r) => [r.load, r.figures]));
  const baselineCpu = new Map(rows.filter((r) => r.target === 'baseline').map((r) => [r.load, r.cpu]));
  const cpu = (c: IngestRow['cpu']) => `${fixed(c.serverMs, 2)}+${fixed(c.databaseMs, 2)}`;
  return table(
    ['load', 'Vijf Vragen req/s', 'baseline req/s', 'ratio', 'p50 ms (VV / base)', 'p99 ms (VV / base)', 'CPU ms/req app+db (VV / base)', 'acked', 'stored', 'failed'],
    rows.filter((r) => r.target === 'vijfvragen').map((r) => {
      const base = baseline.get(r.load);
      const baseCpu = baselineCpu.get(r.load);
      return [
        r.load, fixed(r.figures.perSecond), fixed(base?.perSecond ?? Number.NaN), base ? `${fixed((r.figures.perSecond / base.perSecond) * 100, 0)} %` : '–',
        `${fixed(r.figures.p50Ms)} / ${fixed(base?.p50Ms ?? Number.NaN)}`, `${fixed(r.figures.p99Ms)} / ${fixed(base?.p99Ms ?? Number.NaN)}`,
        `${cpu(r.cpu)} / ${baseCpu ? cpu(baseCpu) : '–'}`,
        String(r.figures.requests - r.figures.failed), String(r.stored), String(r.figures.failed),
      ];
    }),
  );
}

function fanoutTable(f: FanoutFigures): string {
  return table(
    ['channels', 'workspace cap', 'time s', 'floor s', 'ratio', 'posted', 'duplicates', 'lost', '429s', 'early retries', 'not sent'],
    [[String(f.channels), `${f.workspacePerMinute}/min + 1/s per channel`, fixed(f.seconds), fixed(f.floorSeconds), `${fixed((f.seconds / Math.max(f.floorSeconds, 0.001)) * 100, 0)} %`,
      String(f.posted), String(f.duplicates), String(f.lost), String(f.refused429), String(f.earlyRetries), String(f.deliveriesNotSent)]],
  );
}

function digestTable(d: DigestFigures): string {
  if (!d.available) return `Not available yet: ${d.reason}`;
  return table(
    ['board', 'digests', 'digest s', 'SQL aggregation s', 'ratio', 'peak RSS MB (before)', 'seeding s'],
    [[d.board, String(d.digests), fixed(d.seconds, 2), fixed(d.baselineSeconds, 2), `${fixed(d.seconds / d.baselineSeconds, 1)}×`, `${fixed(d.peakRssMb, 0)} (${fixed(d.rssBeforeMb, 0)})`, fixed(d.seedSeconds, 1)]],
  );
}

async function sectionA(databaseUrl: string): Promise<string> {
  const ingest = await benchIngest({
    databaseUrl,
    concurrencies: quick ? [4, 32] : [1, 8, 32, 64],
    requestsPerRun: quick ? 300 : 1500,
    warmup: quick ? 300 : 1000,
    rate: { perSecond: 500, seconds: quick ? 2 : 5 },
  });
  return `### (a) Reply ingestion: POST /slack/events (signed, stored before ack) vs a bare Bolt app inserting into PostgreSQL\n\n${ingestTable(ingest)}`;
}

async function sectionB(databaseUrl: string): Promise<string> {
  const fanout = await benchFanout({ databaseUrl, channels: quick ? 200 : 1000, workspacePerMinute: 600 });
  return `### (b) One round to ${fanout.channels} channels, fake Slack enforcing 1 post/s per channel and ${fanout.workspacePerMinute} posts/min per workspace\n\n${fanoutTable(fanout)}`;
}

async function sectionC(databaseUrl: string): Promise<string> {
  const digest = await benchDigest({ databaseUrl, quick });
  return `### (c) Weekly digests of a large board vs one hand-written SQL aggregation\n\n${digestTable(digest)}`;
}

const started = Date.now();
const databaseUrl = await createDatabase(DATABASE);
const sections: string[] = [];
try {
  console.error(`bench: ${quick ? 'quick' : 'full'} run on database ${DATABASE}`);
  for (const [name, run] of [['a', sectionA], ['b', sectionB], ['c', sectionC]] as const) {
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
