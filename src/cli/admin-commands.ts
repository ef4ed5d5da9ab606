import type { Command } from 'commander';
import { findTeam } from '../dialogues/find-team.js';
import type { Role, Scope } from '../dialogues/model.js';
import { grantRole } from '../dialogues/people.js';
import { t } from '../i18n/index.js';
import { migrateToLatest } from '../store/migrate.js';
import { seedDemoBoard } from '../demo-seed.js';
import { fail, openForCli, pickOrganisation, printJson, withApp } from './context.js';
import { openApp } from '../app.js';
import { loadConfigOrExit } from './context.js';
import { createLogger } from '../logger.js';

const ROLES: readonly Role[] = ['member', 'coordinator', 'leader'];

export function registerAdminCommands(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const config = loadConfigOrExit();
      const app = await openApp(config, { migrate: false, log: createLogger('warn', process.stderr) });
      try {
        const ran = await migrateToLatest(app.database.db, { schema: app.database.schema });
        console.log(ran.length === 0 ? 'Database is up to date.' : `Applied: ${ran.join(', ')}`);
      } finally {
        await app.close();
      }
    });

  program
    .command('seed-demo')
    .description('create the demo school board (only into an empty database)')
    .action(async () => {
      const app = await openForCli();
      try {
        const board = await seedDemoBoard(app.deps, { timeZone: app.config.defaultTimeZone });
        console.log(board ? `Demo board ${board.organisationId} created.` : 'The database has an organisation already; nothing seeded.');
      } finally {
        await app.close();
      }
    });

  const role = program.command('role').description('grant or revoke roles');
  role
    .command('grant')
    .description('grant a role (member, coordinator, leader) for the organisation, a school or a team')
    .requiredOption('--person <id|name>', 'person id or exact display name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--school <id|name>', 'scope the role to a school')
    .option('--team <id|name>', 'scope the role to a team')
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (opts: { person: string; role: string; school?: string; team?: string; org?: string }) => withApp(async (app) => {
      if (!ROLES.includes(opts.role as Role)) fail(`--role must be one of ${ROLES.join(', ')}`);
      if (opts.school && opts.team) fail('Give --school or --team, not both.');
      const organisationId = await pickOrganisation(app, opts.org);
      const people = await app.store.people.list(organisationId);
      const matches = people.filter((p) => p.id === opts.person || p.displayName.toLowerCase() === opts.person.toLowerCase());
      if (matches.length !== 1 || !matches[0]) fail(matches.length === 0 ? `No person "${opts.person}".` : `Several people are called "${opts.person}"; use the id.`);
      let scope: Scope = { kind: 'organisation' };
      if (opts.school) {
        const schools = await app.store.schools.list(organisationId);
        const school = schools.find((s) => s.id === opts.school || s.name.toLowerCase() === opts.school?.toLowerCase());
        if (!school) fail(`No school "${opts.school}".`);
        scope = { kind: 'school', schoolId: school.id };
      } else if (opts.team) {
        const team = await findTeam(app.store, organisationId, opts.team);
        if (!team.ok) fail(t('en', `error.${team.code}`, team.details));
        scope = { kind: 'team', teamId: team.value.id };
      }
      const granted = await grantRole(app.deps, { organisationId, actorPersonId: null, personId: matches[0].id, role: opts.role as Role, scope });
      if (!granted.ok) fail(t('en', `error.${granted.code}`, granted.details));
      console.log(`${matches[0].displayName} is now ${opts.role} (${scope.kind}).`);
    }));

  program
    .command('people')
    .description('list people and their roles')
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--json', 'print JSON (for scripts)')
    .action(async (opts: { org?: string; json?: boolean }) => withApp(async (app) => {
      const organisationId = await pickOrganisation(app, opts.org);
      const people = await app.store.people.list(organisationId);
      const rows = await Promise.all(people.map(async (p) => ({ ...p, roles: await app.store.people.roles(organisationId, p.id) })));
      if (opts.json) return printJson(rows);
      for (const p of rows) console.log(`${p.id}  ${p.displayName}  ${p.roles.map((r) => `${r.role}@${r.scope.kind}`).join(', ')}`);
    }));
}
