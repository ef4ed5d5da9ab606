import type { QuestionKey } from '../../src/dialogues/questions.js';
import type { Store } from '../../src/dialogues/ports.js';

/**
 * One channel adapter driven the way its platform drives it: the web channel through HTTP forms,
 * Slack through signed requests to the real Bolt endpoint, Teams through activities sent to the
 * real CloudAdapter. The contract suite (channel-contract.test.ts) runs the same story over each.
 *
 * Users are named by a short handle ('coordinator', 'member1', 'member2', 'outsider'); each
 * harness maps them to its own platform ids and makes sure 'coordinator' holds the coordinator
 * role of the organisation and the members are in the bound channel.
 */
export interface ChannelHarness {
  readonly platform: 'web' | 'slack' | 'teams';
  /** The store behind the running app, to check what was written. */
  readonly store: Store;
  readonly organisationId: string;
  /** Binds the harness's channel to a team by name, as `user` (the `koppel` command). Returns what the user was told. */
  bind(user: string, teamName: string): Promise<string>;
  /** Sends any command text in the harness's channel, as `user`. Returns what the user was told. */
  command(user: string, text: string): Promise<string>;
  /** Starts an ad-hoc round in the bound channel (the `ronde` command). Returns what the user was told. */
  startRound(user: string, theme: string): Promise<string>;
  /** Runs the delivery worker until nothing is due, so posts reach the fake platform. */
  flush(): Promise<void>;
  /** The prompts the fake platform received, newest last: the round id each belongs to and its visible text. */
  prompts(): Promise<{ roundId: string; text: string }[]>;
  /** Submits the form (modal, card, web form) for a round as `user`. Returns what the user was told. */
  answerForm(user: string, roundId: string, answers: Partial<Record<QuestionKey, string>>): Promise<string>;
  /** Posts a plain message in the round's thread; `messageId` is the platform's own id, reused for redeliveries. */
  threadReply(user: string, roundId: string, text: string, messageId: string): Promise<void>;
  /**
   * Edits the author's earlier thread message `messageId` to `text`, as the platform reports an
   * edit (Slack `message_changed`, Teams `messageUpdate`/`editMessage`, the web channel's edit
   * form). With `redelivery`, the same edit event arrives twice.
   */
  editThread(
    user: string,
    roundId: string,
    messageId: string,
    text: string,
    options?: { redelivery?: boolean },
  ): Promise<void>;
  /** Deletes the author's earlier thread message (Slack `message_deleted`, Teams `messageDelete`/`softDeleteMessage`, the web delete form). */
  deleteThread(user: string, roundId: string, messageId: string): Promise<void>;
  /** Everything the fake platform received as text (prompts, summaries, replies to the user), for injection checks. */
  allPostedText(): Promise<string>;
  close(): Promise<void>;
}

export type HarnessFactory = () => Promise<ChannelHarness>;

/** Every `text` string inside a reply (Slack blocks, an Adaptive Card), in order: what the user reads. */
export function textsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(textsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'text' && typeof inner === 'string' ? [inner] : textsIn(inner),
  );
}
