import type { Command } from 'commander';
import { WEEKDAYS, parseDayTime } from '../day-time.js';
import { setMinGroupSize, subscribeDigest } from '../dialogues/digest/manage-subscriptions.js';
import type { App } from '../app.js';
import type { Person } from '../dialogues/model.js';
import { t } from '../i18n/index.js';
import { fail, pickOrganisation, printJson, withApp } from './context.js';
import { removeDigestSubscription } from '../dialogues/operator-actions.js';
import { listBindings, listDigestSubscriptions, listPeople } from '../dialogues/operator-reads.js';

/** `digest subscribe | unsubscribe | subscriptions | min-group-size`: who gets the weekly digest, where and when. */
export function registerDigestSubscriptionCommands(digest: Command): void {
  digest
    .command('subscribe')
    .description("send a leader's digest at their own moment, or post it in a (leadership) channel")
    .requiredOption('--person <id|name>', 'the leader whose scope the digest covers')
    .option('--channel <binding id|channel id|name>', 'post it in this bound channel instead of a direct message')
    .option('--at <day hh:mm>', 'weekday and local time, such as "mon 07:30"', 'mon 07:30')
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (opts: { person: string; channel?: string; at: string; org?: string }) =>
      withApp(async (app) => {
        const at = parseDayTime(opts.at);
        if (!at) fail(`--at must be a weekday and a time such as "mon 07:30" (one of ${WEEKDAYS.join(', ')})`);
        const organisationId = await pickOrganisation(app, opts.org);
        const person = await findPerson(app, organisationId, opts.person);
        let bindingId: string | null = null;
        if (opts.channel) {
          const needle = opts.channel.replace(/^#/, '').toLowerCase();
          const binding = (await listBindings(app.deps, organisationId)).find(
            (b) =>
              b.id === opts.channel ||
              b.channelId.toLowerCase() === needle ||
              b.name.replace(/^#/, '').toLowerCase() === needle,
          );
          if (!binding) fail(`No bound channel "${opts.channel}". Bind it first (/vijfvragen koppel <team>).`);
          bindingId = binding.id;
        }
        const result = await subscribeDigest(app.deps, {
          organisationId,
          actorPersonId: null,
          personId: person.id,
          bindingId,
          ...at,
        });
        if (!result.ok) fail(t('en', `error.${result.code}`, { role: 'leader', ...result.details }));
        console.log(
          `${person.displayName} gets the weekly digest ${bindingId ? `in channel ${opts.channel}` : 'by direct message'} at ${opts.at} (${result.value.id}).`,
        );
      }),
    );

  digest
    .command('unsubscribe')
    .description(
      'remove a digest subscription (the leader falls back to the default direct message when they have none left)',
    )
    .requiredOption('--id <subscription id>', 'as listed by `digest subscriptions`')
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (opts: { id: string; org?: string }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        if (!(await removeDigestSubscription(app.deps, organisationId, opts.id)))
          fail(`No digest subscription "${opts.id}".`);
        console.log(`Removed digest subscription ${opts.id}.`);
      }),
    );

  digest
    .command('subscriptions')
    .description('list digest subscriptions and the minimum group size')
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--json', 'print JSON')
    .action(async (opts: { org?: string; json?: boolean }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const subscriptions = await listDigestSubscriptions(app.deps, organisationId);
        const minGroupSize = await app.services.digest.minGroupSize(organisationId);
        if (opts.json) return printJson({ minGroupSize, subscriptions });
        console.log(`Minimum group size: ${minGroupSize}`);
        const people = new Map((await listPeople(app.deps, organisationId)).map((p) => [p.id, p.displayName]));
        for (const s of subscriptions)
          console.log(
            `${s.id}  ${people.get(s.personId) ?? s.personId}  ${s.bindingId ? `channel ${s.bindingId}` : 'direct message'}  ${WEEKDAYS[s.weekday - 1]} ${String(s.hour).padStart(2, '0')}:${String(s.minute).padStart(2, '0')}`,
          );
        if (subscriptions.length === 0)
          console.log('No subscriptions: every leader gets the digest by direct message at DIGEST_AT.');
      }),
    );

  digest
    .command('min-group-size')
    .description(
      'set this organisation\'s minimum group size for digests and the dashboard ("default" for MIN_GROUP_SIZE)',
    )
    .argument('<size>', 'a whole number from 1 to 50, or "default"')
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (size: string, opts: { org?: string }) =>
      withApp(async (app) => {
        const value = size === 'default' ? null : /^\d+$/.test(size) ? Number(size) : NaN;
        const organisationId = await pickOrganisation(app, opts.org);
        const result = await setMinGroupSize(app.deps, organisationId, null, value);
        if (!result.ok) fail('The minimum group size must be a whole number from 1 to 50, or "default".');
        console.log(`Minimum group size: ${result.value ?? `${app.config.minGroupSize} (default)`}.`);
      }),
    );
}

/** A person by id, full name or (unambiguous) part of their name; exits with a clear message otherwise. */
export async function findPerson(app: App, organisationId: string, ref: string): Promise<Person> {
  const people = await listPeople(app.deps, organisationId);
  const needle = ref.toLowerCase();
  const exact = people.filter((p) => p.id === ref || p.displayName.toLowerCase() === needle);
  const matches = exact.length > 0 ? exact : people.filter((p) => p.displayName.toLowerCase().includes(needle));
  if (matches.length > 1)
    fail(`Several people match "${ref}": ${matches.map((p) => `${p.displayName} (${p.id})`).join(', ')}`);
  const [person] = matches;
  if (!person) fail(`No person "${ref}".`);
  return person;
}
