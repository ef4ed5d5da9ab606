import type { Command } from 'commander';
import { findTeam } from '../dialogues/find-team.js';
import type { Role, Scope } from '../dialogues/model.js';
import { grantRole } from '../dialogues/people.js';
import { t } from '../i18n/index.js';
import { fail, loadConfigOrExit, openForCli, pickOrganisation, printJson, withApp } from './context.js';
import { listPeople, listPeopleWithRoles, listSchools } from '../dialogues/operator-reads.js';

const ROLES: readonly Role[] = ['member', 'coordinator', 'leader'];

export function registerAdminCommands(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const config = await loadConfigOrExit();
      const [{ openApp }, { createLogger }] = await Promise.all([import('../app.js'), import('../logger.js')]);
      const app = await openApp(config, { migrate: false, log: createLogger('warn', process.stderr) });
      try {
        const ran = await app.migrate();
        console.log(ran.length === 0 ? 'Database is up to date.' : `Applied: ${ran.join(', ')}`);
      } finally {
        await app.close();
      }
    });

  program
    .command('seed-demo')
    .description('create the demo school board with a school year of history (only into an empty database)')
    .option('--no-history', 'the board, its people and schedule only: no rounds, answers, actions or figures')
    .action(async (opts: { history: boolean }) => {
      const app = await openForCli();
      const { seedDemoBoard } = await import('../demo-seed.js');
      try {
        const board = await seedDemoBoard(app.deps, {
          timeZone: app.config.defaultTimeZone,
          locale: app.config.defaultLocale,
          history: opts.history,
        });
        console.log(
          board
            ? `Demo board ${board.organisationId} created${board.history ? ` (${board.history.rounds} rounds, ${board.history.replies} answers, ${board.history.actions} actions, ${board.history.snapshots} figures)` : ''}.`
            : 'The database has an organisation already; nothing seeded.',
        );
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
    .action(async (opts: { person: string; role: string; school?: string; team?: string; org?: string }) =>
      withApp(async (app) => {
        if (!ROLES.includes(opts.role as Role)) fail(`--role must be one of ${ROLES.join(', ')}`);
        if (opts.school && opts.team) fail('Give --school or --team, not both.');
        const organisationId = await pickOrganisation(app, opts.org);
        const people = await listPeople(app.deps, organisationId);
        const matches = people.filter(
          (p) => p.id === opts.person || p.displayName.toLowerCase() === opts.person.toLowerCase(),
        );
        if (matches.length !== 1 || !matches[0])
          fail(
            matches.length === 0
              ? `No person "${opts.person}".`
              : `Several people are called "${opts.person}"; use the id.`,
          );
        let scope: Scope = { kind: 'organisation' };
        if (opts.school) {
          const schools = await listSchools(app.deps, organisationId);
          const school = schools.find(
            (s) => s.id === opts.school || s.name.toLowerCase() === opts.school?.toLowerCase(),
          );
          if (!school) fail(`No school "${opts.school}".`);
          scope = { kind: 'school', schoolId: school.id };
        } else if (opts.team) {
          const team = await findTeam(app.deps.store, organisationId, opts.team);
          if (!team.ok) fail(t('en', `error.${team.code}`, team.details));
          scope = { kind: 'team', teamId: team.value.id };
        }
        const granted = await grantRole(app.deps, {
          organisationId,
          actorPersonId: null,
          personId: matches[0].id,
          role: opts.role as Role,
          scope,
        });
        if (!granted.ok) fail(t('en', `error.${granted.code}`, granted.details));
        console.log(`${matches[0].displayName} is now ${opts.role} (${scope.kind}).`);
      }),
    );

  program
    .command('people')
    .description('list people and their roles')
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--json', 'print JSON (for scripts)')
    .action(async (opts: { org?: string; json?: boolean }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const rows = await listPeopleWithRoles(app.deps, organisationId);
        if (opts.json) return printJson(rows);
        for (const p of rows)
          console.log(`${p.id}  ${p.displayName}  ${p.roles.map((r) => `${r.role}@${r.scope.kind}`).join(', ')}`);
      }),
    );
}
