import express from 'express';
import type { Server } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { chartPng as drawChart, chartSvg } from '../../src/bot/charts/chart-image.js';
import { chartPng } from '../../src/bot/charts/lazy-chart.js';
import { createDashboardRoutes } from '../../src/bot/dashboard/dashboard-routes.js';
import { hasFigures } from '../../src/dialogues/digest/chart-data.js';
import { createDigestService } from '../../src/services/digest-service.js';
import { anOrganisation, aPerson, aSchool, aTeam, testDeps } from '../support/builders.js';
import { forEachStore } from '../support/db.js';
import { movableClock } from '../support/world.js';

const SECRET = 'test-secret-test-secret-test-secret!';
const WEEK = '2026-W47';

/**
 * The chart Slack and Teams fetch from the digest's signed link, for a board that has no figures
 * and no answered rounds yet: a picture that says "no figures yet", not bare axes.
 */
forEachStore('the signed digest chart of a board without figures', (t) => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  it('is the "no figures yet" picture, in the leader’s language', async () => {
    const organisation = anOrganisation();
    await t.store.organisations.create(organisation);
    const school = aSchool(organisation.id);
    await t.store.schools.create(school);
    await t.store.teams.create(aTeam(organisation.id, school.id, { name: 'Groep 7' }));
    const leaders = {
      nl: aPerson(organisation.id, { locale: 'nl' }),
      en: aPerson(organisation.id, { locale: 'en' }),
    };
    for (const leader of Object.values(leaders)) {
      await t.store.people.create(leader);
      await t.store.people.grantRole({
        organisationId: organisation.id,
        personId: leader.id,
        role: 'leader',
        scope: { kind: 'organisation' },
      });
    }
    const deps = testDeps(t.store, movableClock('2026-11-23T09:00:00Z'));
    const digestAt = { weekday: 1, hour: 7, minute: 30 };
    const digest = createDigestService(
      deps,
      { publicUrl: 'http://placeholder', tokenSecret: SECRET, minGroupSize: 3, digestAt },
      chartPng,
    );
    const app = express().use(
      createDashboardRoutes({ deps, digest, tokenSecret: SECRET, digestAt, localPicker: false }),
    );
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    for (const [locale, words] of [
      ['nl', 'Nog geen cijfers'],
      ['en', 'No figures yet'],
    ] as const) {
      const leader = leaders[locale];
      const figures = await digest.chartFigures(organisation.id, leader.id, WEEK);
      if (figures === null) throw new Error('the leader has a chart');
      expect(hasFigures(figures)).toBe(false);
      expect(chartSvg(figures, locale)).toContain(words);

      const response = await fetch(
        digest.chartUrl(organisation.id, leader.id, WEEK).replace('http://placeholder', url),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('image/png');
      // The very picture that says so (drawing is deterministic), in the leader's language.
      expect(Buffer.from(await response.arrayBuffer()).equals(drawChart(figures, locale))).toBe(true);
    }
  });
});
