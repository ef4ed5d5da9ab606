import express from 'express';
import type { Server } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { createDashboardRoutes } from '../../src/bot/dashboard/dashboard-routes.js';
import { createDigestService } from '../../src/services/digest-service.js';
import { chartPng } from '../../src/bot/charts/lazy-chart.js';
import { signWebToken } from '../../src/bot/web/session.js';
import type { Store } from '../../src/dialogues/ports.js';
import { importOutcomes } from '../../src/outcomes/import-outcomes.js';
import { MAX_CSV_BYTES } from '../../src/outcomes/parse-outcomes-csv.js';
import { plainErrorHandler } from '../../src/http-errors.js';
import { createLogger } from '../../src/logger.js';
import { forEachStore } from '../support/db.js';
import { buildOutcomeWorld, HEADER } from '../support/outcome-scenario.js';

const SECRET = 'test-secret-test-secret-test-secret!';

/** What Excel on a Dutch Windows saves: `;`, decimal commas, CRLF, Windows-1252. */
const DUTCH_EXCEL =
  'metriek;school;groep;periode;waarde;naam;eenheid;richting\r\nverzuim;De Linde;Groep 7;2025-2026;4,5;Verzuim – ‘ongeoorloofd’ één;%;lager\r\n';
const HIGH_1252: Record<string, number> = { '–': 0x96, '‘': 0x91, '’': 0x92, '€': 0x80 };
const cp1252 = (text: string) => Buffer.from([...text].map((c) => HIGH_1252[c] ?? c.charCodeAt(0)));

async function contents(store: Store, organisationId: string) {
  return { metrics: await store.metrics.list(organisationId), snapshots: await store.snapshots.list(organisationId) };
}

forEachStore('outcome import: encodings, binary files, ranges', (t) => {
  it('reads Windows-1252, UTF-16 with BOM and UTF-8 with BOM alike, with semicolons and decimal commas', async () => {
    const w = await buildOutcomeWorld(t.store);
    const name = 'Verzuim – ‘ongeoorloofd’ één';
    const files: Uint8Array[] = [
      cp1252(DUTCH_EXCEL),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DUTCH_EXCEL.replace('2025-2026', '2026-2027'), 'utf16le')]),
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(DUTCH_EXCEL.replace('2025-2026', '2027-2028'), 'utf8'),
      ]),
    ];
    for (const bytes of files)
      expect(await importOutcomes(w.deps, w.organisationId, bytes, { personId: null })).toMatchObject({ ok: true });
    expect((await t.store.metrics.get(w.organisationId, 'verzuim'))?.name).toBe(name);
    expect((await t.store.snapshots.list(w.organisationId)).map((s) => s.value)).toEqual([4.5, 4.5, 4.5]);
  });

  it('refuses NUL bytes, a workbook, UTF-32 and a file over the limit, naming why, and writes nothing', async () => {
    const w = await buildOutcomeWorld(t.store);
    const refused: [Uint8Array, string, Record<string, unknown>][] = [
      [Buffer.from(`${HEADER}\nverzuim,De Linde,,2025,4\u0000,,,,,,,\n`), 'binary', { kind: 'NUL bytes' }],
      [Buffer.from('PK\u0003\u0004[Content_Types].xml', 'latin1'), 'binary', { kind: 'zip (an .xlsx workbook?)' }],
      [Buffer.from([0xff, 0xfe, 0, 0, 0x6d, 0, 0, 0]), 'unsupported_encoding', { kind: 'UTF-32 LE' }],
      [Buffer.alloc(MAX_CSV_BYTES + 1, 0x61), 'too_large', { max: MAX_CSV_BYTES }],
    ];
    for (const [bytes, code, params] of refused) {
      expect(await importOutcomes(w.deps, w.organisationId, bytes, { personId: null })).toEqual({
        ok: false,
        code: 'outcomes.invalid',
        errors: [{ line: 1, column: null, code, params }],
      });
    }
    expect(await contents(t.store, w.organisationId)).toEqual({ metrics: [], snapshots: [] });
  });

  it('refuses figures that are not finite or out of range: 400 digits, negative or >100 percentages, group size 0', async () => {
    const w = await buildOutcomeWorld(t.store);
    const csv = [
      HEADER,
      `lezen,De Linde,Groep 7,2025,${'9'.repeat(400)},,,Lezen,%,hoger,,nee`,
      'lezen,De Linde,Groep 8,2025,-5,,,,,,,',
      'lezen,De Linde,,2025,101,-1,,,,,,',
      'verzuim,De Linde,Groep 7,2025,3,,0,Verzuim,dagen,lager,,nee',
      'verzuim,De Linde,Groep 8,2025,2000000000,,,,,,,',
      'verzuim,De Linde,,2025,1e400,,,,,,,',
    ].join('\n');
    const result = await importOutcomes(w.deps, w.organisationId, csv, { personId: null });
    expect(result.ok ? [] : result.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'value', 'bad_number'],
      [3, 'value', 'out_of_range'],
      [4, 'value', 'out_of_range'],
      [4, 'target', 'out_of_range'],
      [5, 'group_size', 'out_of_range'],
      [6, 'value', 'out_of_range'],
      [7, 'value', 'bad_number'],
    ]);
    expect(await contents(t.store, w.organisationId)).toEqual({ metrics: [], snapshots: [] });
  });

  it('lists a header error together with the errors of the lines', async () => {
    const w = await buildOutcomeWorld(t.store);
    const result = await importOutcomes(
      w.deps,
      w.organisationId,
      'metric,school,period,waarde,kleur\nlezen,De Linde,2025,abc,rood\nlezen,Nergens,2025,80,blauw\n',
      { personId: null },
    );
    expect(result.ok ? [] : result.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [1, null, 'unknown_column'],
      [2, 'value', 'bad_number'],
      [2, 'name', 'unknown_metric'],
      [3, 'school', 'unknown_school'],
      [3, 'name', 'unknown_metric'],
    ]);
  });

  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  it('dashboard upload: 413 naming the limit for a file over it, 400 for a broken form, Windows-1252 stored as written', async () => {
    const w = await buildOutcomeWorld(t.store);
    const coordinator = await w.person('Ilse', 'coordinator', { kind: 'organisation' });
    const digest = createDigestService(
      w.deps,
      {
        publicUrl: 'http://placeholder',
        tokenSecret: SECRET,
        minGroupSize: 3,
        digestAt: { weekday: 1, hour: 7, minute: 30 },
      },
      chartPng,
    );
    const log = createLogger('silent');
    const app = express()
      .use(
        createDashboardRoutes({
          deps: w.deps,
          digest,
          tokenSecret: SECRET,
          digestAt: { weekday: 1, hour: 7, minute: 30 },
          localPicker: false,
        }),
      )
      .use(plainErrorHandler(log));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/dashboard/outcomes/import`;
    const cookie = `vv_session=${await signWebToken(SECRET, { organisationId: w.organisationId, personId: coordinator.id }, 'session', 600)}`;
    const upload = (bytes: Buffer) => {
      const body = new FormData();
      body.append('file', new Blob([new Uint8Array(bytes)]), 'opbrengsten.csv');
      return fetch(url, { method: 'POST', headers: { cookie }, body });
    };

    const big = await upload(Buffer.alloc(MAX_CSV_BYTES + 10, 0x61));
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('maximaal 2 MB');
    const broken = await fetch(url, {
      method: 'POST',
      headers: { cookie, 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc',
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).not.toMatch(/at .*\.js:\d+/);
    const binary = await upload(Buffer.from('%PDF-1.7 binary'));
    expect(binary.status).toBe(400);
    expect(await binary.text()).toContain('geen tekstbestand (PDF)');
    expect(await contents(t.store, w.organisationId)).toEqual({ metrics: [], snapshots: [] });

    expect((await upload(cp1252(DUTCH_EXCEL))).status).toBe(200);
    expect((await t.store.metrics.get(w.organisationId, 'verzuim'))?.name).toBe('Verzuim – ‘ongeoorloofd’ één');
  });
});
