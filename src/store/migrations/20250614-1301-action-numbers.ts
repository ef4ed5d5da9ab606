/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import { sql, type Kysely } from 'kysely';

// Short per-team action numbers (#12) for lists and commands instead of UUIDs. Existing actions
// are numbered in creation order per team. A new action gets the team's highest number plus one
// from a trigger that first takes a transaction-scoped advisory lock on the team, so two
// concurrent creates in one team wait for each other and never get the same number; the unique
// constraint is the last guard. A row that arrives with its number (a copied database) keeps it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('actions').addColumn('number', 'integer').execute();
  await sql`
    update actions set number = numbered.n
    from (
      select id, row_number() over (partition by organisation_id, team_id order by created_at, id) as n
      from actions
    ) as numbered
    where actions.id = numbered.id`.execute(db);
  await db.schema
    .alterTable('actions')
    .alterColumn('number', (c) => c.setNotNull())
    .execute();
  await db.schema
    .alterTable('actions')
    .addUniqueConstraint('actions_team_number_key', ['organisation_id', 'team_id', 'number'])
    .execute();
  await sql`
    create function assign_action_number() returns trigger language plpgsql volatile as $$
    begin
      if new.number is null then
        perform pg_advisory_xact_lock(hashtext('actions.number'), hashtext(new.organisation_id || '/' || new.team_id));
        select coalesce(max(number), 0) + 1 into new.number
          from actions where organisation_id = new.organisation_id and team_id = new.team_id;
      end if;
      return new;
    end
    $$`.execute(db);
  await sql`
    create trigger actions_assign_number before insert on actions
    for each row execute function assign_action_number()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger actions_assign_number on actions`.execute(db);
  await sql`drop function assign_action_number()`.execute(db);
  await db.schema.alterTable('actions').dropConstraint('actions_team_number_key').execute();
  await db.schema.alterTable('actions').dropColumn('number').execute();
}
