import { describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { classifySlackError } from '../../src/bot/slack/slack-errors.js';
import { classifyTeamsError } from '../../src/bot/teams/teams-errors.js';

/** Node's fetch to a host with an IPv6 and an IPv4 address, both refusing: an AggregateError. */
function refusedOnEveryAddress(): Error {
  const refused = (address: string) =>
    Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
  return new TypeError('fetch failed', {
    cause: new AggregateError([refused('::1:443'), refused('127.0.0.1:443')], ''),
  });
}

describe('a platform call whose connection never carried the request', () => {
  it('is retried on Slack and on Teams alike, also when every address refused (an AggregateError)', () => {
    const slack = classifySlackError(new webApi.WebAPIRequestError(refusedOnEveryAddress()));
    expect(slack).toEqual({ status: 'retry', reason: 'slack: ECONNREFUSED' });
    const teams = classifyTeamsError(
      Object.assign(new Error('request failed'), { code: 'REQUEST_SEND_ERROR', cause: refusedOnEveryAddress() }),
    );
    expect(teams).toEqual({ status: 'retry', reason: 'teams: ECONNREFUSED' });
  });

  it('is unclear on both when the connection was made and then broke: the post may exist', () => {
    const reset = () =>
      new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    expect(classifySlackError(new webApi.WebAPIRequestError(reset()))).toEqual({
      status: 'unclear',
      reason: 'slack: ECONNRESET',
    });
    expect(classifyTeamsError(Object.assign(new Error('request failed'), { cause: reset() }))).toEqual({
      status: 'unclear',
      reason: 'teams: ECONNRESET',
    });
  });
});
