import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration problems at start-up', () => {
  it('lists a bad TICK_CRON with the other problems, including those between variables', () => {
    const found = problems({ TICK_CRON: 'bogus', PORT: 'eighty', HOST: '0.0.0.0' });
    expect(found.map((p) => p.split(':')[0])).toEqual(['PORT', 'TICK_CRON', 'HOST']);
    expect(found[1]).toBe('TICK_CRON: must be a node-cron expression with seconds, such as "*/15 * * * * *"');
  });

  it('accepts node-cron expressions with and without seconds', () => {
    expect(loadConfig({ TICK_CRON: '*/5 * * * * *' }).tickCron).toBe('*/5 * * * * *');
    expect(loadConfig({ TICK_CRON: '* * * * *' }).tickCron).toBe('* * * * *');
    expect(problems({ TICK_CRON: '61 * * * * *' })).toHaveLength(1);
  });
});
