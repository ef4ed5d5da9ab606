// CPU time spent per request by the server process and by its PostgreSQL backends, read from
// /proc. Throughput on a shared two-core machine swings with whatever else runs; the CPU a
// request costs is a steadier figure to compare against the baseline.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User plus system CPU of one process in ms, or null when /proc cannot tell (not Linux, gone). */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}

async function backendCpu(databaseUrl: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    const cpu = new Map<number, number>();
    for (const { pid } of rows) {
      const ms = processCpuMs(pid);
      if (ms !== null) cpu.set(pid, ms);
    }
    return cpu;
  } finally {
    await client.end();
  }
}

export interface CpuFigures {
  /** ms of CPU per request, or NaN when the machine could not tell. */
  serverMs: number;
  databaseMs: number;
}

/**
 * Starts measuring a server process and the database's backends; `stop(requests)` returns the
 * CPU each request cost. A backend that appeared meanwhile counts from zero.
 */
export async function startCpuMeter(
  serverPid: number,
  databaseUrl: string,
): Promise<{ stop(requests: number): Promise<CpuFigures> }> {
  const serverBefore = processCpuMs(serverPid);
  const backendsBefore = await backendCpu(databaseUrl);
  return {
    async stop(requests) {
      const serverAfter = processCpuMs(serverPid);
      const backendsAfter = await backendCpu(databaseUrl);
      let database = 0;
      for (const [pid, ms] of backendsAfter) database += ms - (backendsBefore.get(pid) ?? 0);
      const serverMs =
        serverBefore === null || serverAfter === null ? Number.NaN : (serverAfter - serverBefore) / requests;
      return { serverMs, databaseMs: backendsAfter.size === 0 ? Number.NaN : database / requests };
    },
  };
}
