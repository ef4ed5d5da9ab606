import type { Platform } from '../../src/dialogues/model.js';
import type {
  ChatChannel,
  Clock,
  Destination,
  PostedCheck,
  SendOutcome,
  SendRequest,
} from '../../src/dialogues/ports.js';

/**
 * What the fake platform does with one `send` call, scripted per call in order:
 * - any SendOutcome: answered as is; `sent` also puts the post on the fake platform;
 * - `posted: true` on `unclear` or `throw`: the platform got the post although the answer
 *   was lost (a timeout after Slack accepted it), which is what `findPosted` exists for;
 * - `throw`: `send` throws instead of answering.
 */
export type ScriptedSend =
  | SendOutcome
  | { status: 'unclear'; reason: string; retryAfterMs?: number; posted: true }
  | { status: 'throw'; error?: Error; posted?: boolean };

/** A post as the fake platform holds it. */
export interface RecordedPost {
  deliveryId: string;
  /** `platform:workspace:channel` or `platform:workspace:user:<id>`. */
  conversation: string;
  threadRef: string | null;
  postedRef: string;
  purpose: SendRequest['purpose'];
  kind: string;
  at: Date | null;
}

export interface RecordingChannelOptions {
  platform?: Platform;
  perChannelIntervalMs?: number;
  /**
   * true: `findPosted` answers from the posts the fake platform holds (as Slack's metadata
   * search does); a function: answers as scripted; omitted: the channel has no `findPosted`.
   */
  findPosted?: boolean | ((request: SendRequest) => PostedCheck | Promise<PostedCheck>);
  /** Stamps posts with the test's clock. */
  clock?: Clock;
}

export interface RecordingChannel extends ChatChannel {
  /** Every `send` call, in order. */
  readonly sends: SendRequest[];
  /** Every `findPosted` call, in order. */
  readonly checks: SendRequest[];
  /** What the fake platform holds. */
  readonly posts: RecordedPost[];
  /** Queues outcomes for the next `send` calls; once used up, sends succeed. */
  script(...outcomes: ScriptedSend[]): void;
  postsOf(deliveryId: string): RecordedPost[];
}

/**
 * A ChatChannel for tests that records what was sent and answers as scripted.
 *
 * @example
 * const slack = recordingChannel({ findPosted: true, perChannelIntervalMs: 1000 });
 * slack.script({ status: 'unclear', reason: 'timeout', posted: true });
 * await deliverDue(deps, new Map([['slack', slack]]));
 */
export function recordingChannel(options: RecordingChannelOptions = {}): RecordingChannel {
  const sends: SendRequest[] = [];
  const checks: SendRequest[] = [];
  const posts: RecordedPost[] = [];
  const queue: ScriptedSend[] = [];
  let counter = 0;

  const post = (request: SendRequest): string => {
    counter += 1;
    const postedRef = `post-${counter}`;
    posts.push({
      deliveryId: request.deliveryId,
      conversation: conversationOf(request.destination),
      threadRef: request.destination.kind === 'channel' ? request.destination.threadRef : null,
      postedRef,
      purpose: request.purpose,
      kind: request.message.kind,
      at: options.clock?.now() ?? null,
    });
    return postedRef;
  };

  const lookUp = (request: SendRequest): PostedCheck => {
    const found = posts.find((p) => p.deliveryId === request.deliveryId);
    return found ? { posted: true, postedRef: found.postedRef } : { posted: false };
  };

  const check = options.findPosted;
  const channel: RecordingChannel = {
    platform: options.platform ?? 'slack',
    ...(options.perChannelIntervalMs === undefined ? {} : { perChannelIntervalMs: options.perChannelIntervalMs }),
    sends,
    checks,
    posts,
    script: (...outcomes) => void queue.push(...outcomes),
    postsOf: (deliveryId) => posts.filter((p) => p.deliveryId === deliveryId),
    async send(request) {
      sends.push(structuredClone(request));
      const next = queue.shift() ?? { status: 'sent', postedRef: '' };
      switch (next.status) {
        case 'sent':
          return { status: 'sent', postedRef: post(request) };
        case 'throw':
          if (next.posted) post(request);
          throw next.error ?? new Error('socket hang up');
        case 'unclear':
          if ('posted' in next && next.posted) post(request);
          return {
            status: 'unclear',
            reason: next.reason,
            ...(next.retryAfterMs === undefined ? {} : { retryAfterMs: next.retryAfterMs }),
          };
        default:
          return next;
      }
    },
    ...(check === undefined || check === false
      ? {}
      : {
          async findPosted(request: SendRequest) {
            checks.push(structuredClone(request));
            return check === true ? lookUp(request) : check(request);
          },
        }),
  };
  return channel;
}

function conversationOf(destination: Destination): string {
  return destination.kind === 'channel'
    ? `${destination.binding.platform}:${destination.binding.workspaceId}:${destination.binding.channelId}`
    : `${destination.identity.platform}:${destination.identity.workspaceId}:user:${destination.identity.userId}`;
}
