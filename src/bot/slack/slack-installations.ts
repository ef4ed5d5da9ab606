/**
 * One Slack workspace's OAuth installation as kept: the installation itself is an opaque sealed
 * string (AES-256-GCM, sealed by this adapter), never plaintext tokens.
 */
export interface SlackInstallationRecord {
  teamId: string;
  enterpriseId: string | null;
  organisationId: string;
  botUserId: string | null;
  sealed: string;
  installedAt: Date;
  updatedAt: Date;
}

/**
 * The Slack adapter's own storage port: where OAuth installations are kept. The composition root
 * fills it with the SQL repository (src/store/slack-installation-repository.ts); tests and Socket
 * Mode trials without a database use `memorySlackInstallations`.
 * system: installations are looked up by workspace before the organisation is known.
 */
export interface SlackInstallations {
  /** Inserts or replaces the installation of a workspace (a re-install rotates its tokens). */
  save(record: SlackInstallationRecord): Promise<void>;
  find(teamId: string): Promise<SlackInstallationRecord | null>;
  remove(teamId: string): Promise<void>;
}

/** The same contract in memory, for tests and for Socket Mode trials without a database. */
export function memorySlackInstallations(): SlackInstallations {
  const rows = new Map<string, SlackInstallationRecord>();
  return {
    async save(record) {
      const existing = rows.get(record.teamId);
      // Like the SQL upsert: a re-install keeps the organisation and first install time.
      rows.set(
        record.teamId,
        existing
          ? { ...record, organisationId: existing.organisationId, installedAt: existing.installedAt }
          : { ...record },
      );
    },
    async find(teamId) {
      const row = rows.get(teamId);
      return row ? { ...row } : null;
    },
    async remove(teamId) {
      rows.delete(teamId);
    },
  };
}
