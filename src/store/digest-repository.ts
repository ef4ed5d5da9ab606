import type { DigestRepository, DigestSubscription } from '../dialogues/digest/subscription.js';
import type { DigestSubscriptionTable } from './digest-schema.js';
import type { Executor } from './sql-helpers.js';

export function digestRepository(db: Executor): DigestRepository {
  return {
    async upsertSubscription(s) {
      await db
        .insertInto('digest_subscriptions')
        .values({
          id: s.id,
          organisation_id: s.organisationId,
          person_id: s.personId,
          binding_id: s.bindingId,
          target: s.bindingId ?? 'dm',
          school_id: s.schoolId ?? null,
          weekday: s.weekday,
          hour: s.hour,
          minute: s.minute,
          created_at: s.createdAt,
        })
        .onConflict((oc) =>
          oc
            .columns(['organisation_id', 'person_id', 'target'])
            .doUpdateSet({ school_id: s.schoolId ?? null, weekday: s.weekday, hour: s.hour, minute: s.minute }),
        )
        .execute();
    },

    async listSubscriptions(organisationId) {
      const rows = await db
        .selectFrom('digest_subscriptions')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toSubscription);
    },

    async removeSubscription(organisationId, id) {
      const result = await db
        .deleteFrom('digest_subscriptions')
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async minGroupSize(organisationId) {
      const row = await db
        .selectFrom('digest_settings')
        .select('min_group_size')
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      return row?.min_group_size ?? null;
    },

    async setMinGroupSize(organisationId, value) {
      await db
        .insertInto('digest_settings')
        .values({ organisation_id: organisationId, min_group_size: value })
        .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ min_group_size: value }))
        .execute();
    },
  };
}

function toSubscription(row: DigestSubscriptionTable): DigestSubscription {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    personId: row.person_id,
    bindingId: row.binding_id,
    schoolId: row.school_id,
    weekday: row.weekday,
    hour: row.hour,
    minute: row.minute,
    createdAt: row.created_at,
  };
}
