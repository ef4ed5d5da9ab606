import type { DialogueDeps } from '../deps.js';
import type { Organisation } from '../model.js';
import { fail, ok, type Result } from '../result.js';
import { mayManagePersonalData } from './privacy-access.js';

/** Ten years: beyond any school record-keeping duty, and a guard against a typo in days. */
export const MAX_RETENTION_DAYS = 3650;

export interface SetRetentionInput {
  organisationId: string;
  /** Whole days; null keeps personal data until someone erases it. */
  days: number | null;
  /** null when set from the command line by the operator. */
  actorPersonId: string | null;
}

/** Sets the organisation's retention period; the next daily sweep applies it. */
export async function setRetention(deps: DialogueDeps, input: SetRetentionInput): Promise<Result<Organisation>> {
  const { store } = deps;
  const organisation = await store.organisations.get(input.organisationId);
  if (!organisation) return fail('input.invalid', { field: 'organisation' });
  const allowed = await mayManagePersonalData(store, input.organisationId, input.actorPersonId);
  if (!allowed.ok) return allowed;
  if (input.days !== null && (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_RETENTION_DAYS)) {
    return fail('input.invalid', { field: 'days', min: 1, max: MAX_RETENTION_DAYS });
  }
  await store.transaction(async (tx) => {
    await tx.organisations.update(input.organisationId, { retentionDays: input.days });
    await tx.audit.record({
      organisationId: input.organisationId,
      actorPersonId: input.actorPersonId,
      action: 'retention.set',
      subject: `organisation:${input.organisationId}`,
      details: { from: organisation.retentionDays, to: input.days },
      at: deps.clock.now(),
    });
  });
  return ok({ ...organisation, retentionDays: input.days });
}
