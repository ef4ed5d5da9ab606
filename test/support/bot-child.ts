import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve('bin/vijfvragen.js');

/** A `vijfvragen` process started as an operator would, its output kept for waiting and reports. */
export interface BotChild {
  readonly process: ChildProcess;
  /** Everything it wrote, stdout and stderr together. */
  output(): string;
  /** Resolves once `pattern` appears in the output; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal) once the process has ended. */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

/** Runs `vijfvragen <args>` with `env` over this process's environment, minus the names in `unset`. */
export function spawnCli(
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string; unset?: string[]; nodeArgs?: string[] } = {},
): BotChild {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !options.unset?.includes(name)));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      done(code);
      for (const listener of listeners) listener();
    }),
  );
  return {
    process: child,
    output: () => output,
    exited,
    kill: (signal = 'SIGTERM') => void (child.exitCode === null && child.signalCode === null && child.kill(signal)),
    waitFor(pattern, timeoutMs = 90_000) {
      return new Promise<void>((done, fail) => {
        const check = () => {
          if (pattern.test(output)) finish();
          else if (child.exitCode !== null || child.signalCode !== null)
            finish(new Error(`process ended (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${output}`));
        };
        const timer = setTimeout(
          () => finish(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        const finish = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) fail(error);
          else done();
        };
        listeners.add(check);
        check();
      });
    },
  };
}
