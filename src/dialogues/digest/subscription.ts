/**
 * Who gets a weekly digest, where and when, beyond the default (every leader, by direct message,
 * at DIGEST_AT). A subscription names the leader whose scope the digest covers and either a
 * direct message (bindingId null) or a leadership channel to post it in.
 *
 * @example
 * await store.digests.upsertSubscription({ id, organisationId, personId: director.id, bindingId: mtChannel.id, weekday: 1, hour: 8, minute: 0, createdAt: now });
 */
export interface DigestSubscription {
  id: string;
  organisationId: string;
  personId: string;
  /** null: a direct message to the person; otherwise the leadership channel it is posted in. */
  bindingId: string | null;
  /**
   * Narrows the digest to one school of the person's scope (a school's leadership channel);
   * absent or null: the person's whole scope.
   */
  schoolId?: string | null;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  hour: number;
  minute: number;
  createdAt: Date;
}

export interface DigestRepository {
  /** Unique per (person, target): subscribing again changes the day, time and school. */
  upsertSubscription(subscription: DigestSubscription): Promise<void>;
  listSubscriptions(organisationId: string): Promise<DigestSubscription[]>;
  removeSubscription(organisationId: string, id: string): Promise<boolean>;
  /** The organisation's own minimum group size; null: the MIN_GROUP_SIZE default applies. */
  minGroupSize(organisationId: string): Promise<number | null>;
  setMinGroupSize(organisationId: string, value: number | null): Promise<void>;
}
