import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The environment to configure from: the process's own, plus the variables of a `.env` file in
 * the working directory when there is one. A variable set in the real environment (even to an
 * empty value) wins over the file, so a service manager's setting is never overridden by a file.
 */
export function readEnvironment(file = '.env'): Record<string, string | undefined> {
  if (existsSync(file)) process.loadEnvFile(file);
  return process.env;
}

/**
 * Secrets need not sit in the environment, where `systemctl show`, /proc and crash reports can
 * reveal them. Any variable may instead name a file, `NAME_FILE=/path` (Docker and Kubernetes
 * secrets), or come from systemd's credentials (`LoadCredential=NAME:/path`, a file `NAME` in
 * $CREDENTIALS_DIRECTORY). Precedence: NAME or NAME_FILE (never both), then the credential.
 * One trailing newline is dropped, since `echo secret > file` adds one. `names` are the
 * variables the configuration knows; only their `_FILE` forms are read as files.
 */
export function readSecretFiles(
  env: Record<string, string>,
  names: readonly string[],
): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  const known = new Set(names);
  const credentials = env.CREDENTIALS_DIRECTORY;
  for (const [name, value] of Object.entries(env))
    if (!name.endsWith('_FILE') || !known.has(name.slice(0, -5))) values[name] = value;
  for (const name of names) {
    const file = env[`${name}_FILE`];
    if (file !== undefined && env[name] !== undefined) {
      problems.push(`${name}: set either ${name} or ${name}_FILE, not both`);
      continue;
    }
    if (file !== undefined) {
      const read = readSecret(file);
      if (read.ok) values[name] = read.value;
      else problems.push(`${name}_FILE: cannot read ${file} (${read.reason})`);
      continue;
    }
    if (env[name] !== undefined || credentials === undefined) continue;
    const read = readSecret(join(credentials, name));
    if (read.ok) values[name] = read.value;
    else if (read.reason !== 'ENOENT')
      problems.push(`${name}: cannot read the systemd credential ${join(credentials, name)} (${read.reason})`);
  }
  return { values, problems };
}

function readSecret(path: string): { ok: true; value: string } | { ok: false; reason: string } {
  try {
    const value = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    return value === '' ? { ok: false, reason: 'the file is empty' } : { ok: true, value };
  } catch (error) {
    return { ok: false, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
}
