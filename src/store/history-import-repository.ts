import type { HistoryImportRepository } from '../dialogues/ports.js';
import { actionValues, insertActions } from './action-repository.js';
import { snapshotValues } from './outcome-repository.js';
import { replyValues } from './reply-repository.js';
import { roundValues } from './round-repository.js';
import type { Executor } from './sql-helpers.js';

/** PostgreSQL takes at most 65,535 parameters per statement; a reply row has 13. */
const CHUNK = 2_000;

export function historyImportRepository(db: Executor): HistoryImportRepository {
  return {
    async importHistory(organisationId, history) {
      const mine = <T extends { organisationId: string }>(rows: readonly T[]) =>
        rows.filter((row) => row.organisationId === organisationId);
      for (const rows of chunks(mine(history.snapshots).map(snapshotValues)))
        await db.insertInto('outcome_snapshots').values(rows).execute();
      for (const rows of chunks(mine(history.rounds).map(roundValues)))
        await db.insertInto('rounds').values(rows).execute();
      for (const rows of chunks(mine(history.replies).map(replyValues)))
        await db.insertInto('replies').values(rows).execute();
      // With their first history row each (see action_history).
      for (const rows of chunks(mine(history.actions).map(actionValues))) await insertActions(db, rows);
      const links = history.roundSnapshots.map((link) => ({
        organisation_id: organisationId,
        round_id: link.roundId,
        snapshot_id: link.snapshotId,
      }));
      for (const rows of chunks(links)) await db.insertInto('round_outcome_snapshots').values(rows).execute();
    },
  };
}

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}
