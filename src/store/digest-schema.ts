/** Tables of the weekly digest; `Database` in schema.ts includes them. */
export interface DigestSubscriptionTable {
  id: string;
  organisation_id: string;
  person_id: string;
  binding_id: string | null;
  /** 'dm' or the binding id: the one-column natural key with person_id. */
  target: string;
  /** The one school the digest is cut to; null: the person's whole scope. */
  school_id: string | null;
  weekday: number;
  hour: number;
  minute: number;
  created_at: Date;
}

export interface DigestSettingsTable {
  organisation_id: string;
  min_group_size: number | null;
}
