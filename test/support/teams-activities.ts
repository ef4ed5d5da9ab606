/**
 * Activities in the shapes Teams sends them (trimmed to what the bot reads, plus the usual
 * extras), for the tests that drive the real CloudAdapter endpoint.
 */
export const TENANT = '72f988bf-0000-4000-8000-00000000linde';
export const BOT = { id: '28:00000000-bot0-app0-0000-000000000001', name: 'Vijf Vragen' };
export const TEAM = { id: '19:team-linde@thread.tacv2', name: 'Stichting De Linde' };
export const CHANNEL = '19:groep7-channel@thread.tacv2';

export interface TeamsTestUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export const ILSE: TeamsTestUser = { id: '29:1ilse', name: 'Ilse (IB)', aadObjectId: 'aad-ilse-0001' };
export const ANOUK: TeamsTestUser = { id: '29:1anouk', name: 'Anouk', aadObjectId: 'aad-anouk-0002' };
export const BRAM: TeamsTestUser = { id: '29:1bram', name: 'Bram', aadObjectId: 'aad-bram-0003' };

let seq = 1_760_000_000_000;
export const nextId = () => String((seq += 1));

type Activity = Record<string, unknown>;

function common(
  serviceUrl: string,
  user: TeamsTestUser,
  conversation: Activity,
  id: string,
  channel = CHANNEL,
  tenant = TENANT,
): Activity {
  return {
    id,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { ...BOT },
    conversation: { tenantId: tenant, ...conversation },
    channelData:
      conversation.conversationType === 'personal'
        ? { tenant: { id: tenant } }
        : {
            teamsChannelId: channel,
            teamsTeamId: TEAM.id,
            channel: { id: channel, name: 'Groep 7' },
            team: { ...TEAM },
            tenant: { id: tenant },
          },
    locale: 'nl-NL',
  };
}

/** The bot added to a team: conversationUpdate in the team's channel. */
export function botAdded(serviceUrl: string, installer: TeamsTestUser, channel = CHANNEL, tenant = TENANT): Activity {
  const activity = common(
    serviceUrl,
    installer,
    { id: channel, conversationType: 'channel', isGroup: true },
    `f:${nextId()}`,
    channel,
    tenant,
  );
  return {
    ...activity,
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT.id }],
    channelData: { ...(activity.channelData as Activity), eventType: 'teamMemberAdded' },
  };
}

/** The installationUpdate Teams sends alongside. */
export function installationAdded(serviceUrl: string, installer: TeamsTestUser, channel = CHANNEL): Activity {
  return {
    ...common(
      serviceUrl,
      installer,
      { id: channel, conversationType: 'channel', isGroup: true },
      `f:${nextId()}`,
      channel,
    ),
    type: 'installationUpdate',
    action: 'add',
  };
}

/** Teams sends user text as HTML: what a person typed arrives escaped. */
export const asTeamsHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A new channel post that @mentions the bot (a command). */
export function mentionInChannel(
  serviceUrl: string,
  user: TeamsTestUser,
  text: string,
  options: { id?: string; channel?: string; tenant?: string } = {},
): Activity {
  const id = options.id ?? nextId();
  const channel = options.channel ?? CHANNEL;
  const at = `<at>${BOT.name}</at>`;
  return {
    ...common(
      serviceUrl,
      user,
      { id: `${channel};messageid=${id}`, conversationType: 'channel', isGroup: true },
      id,
      channel,
      options.tenant,
    ),
    type: 'message',
    text: `<p>${at} ${asTeamsHtml(text)}</p>`,
    textFormat: 'plain',
    entities: [
      { type: 'mention', mentioned: { id: BOT.id, name: BOT.name }, text: at },
      { type: 'clientInfo', locale: 'nl-NL' },
    ],
  };
}

/** A plain reply in the thread under `rootId`. */
export function threadReply(
  serviceUrl: string,
  user: TeamsTestUser,
  rootId: string,
  text: string,
  id = nextId(),
  channel = CHANNEL,
): Activity {
  return {
    ...common(
      serviceUrl,
      user,
      { id: `${channel};messageid=${rootId}`, conversationType: 'channel', isGroup: true },
      id,
      channel,
    ),
    type: 'message',
    text: `<p>${asTeamsHtml(text)}</p>`,
    replyToId: rootId,
  };
}

/** The edit of the thread reply `id` (Teams keeps the message id and says `editMessage`). */
export function threadEdit(
  serviceUrl: string,
  user: TeamsTestUser,
  rootId: string,
  text: string,
  id: string,
  channel = CHANNEL,
): Activity {
  const reply = threadReply(serviceUrl, user, rootId, text, id, channel);
  return {
    ...reply,
    type: 'messageUpdate',
    channelData: { ...(reply.channelData as Activity), eventType: 'editMessage' },
  };
}

/** The thread reply `id` restored after its deletion: Teams sends it as `messageUpdate`/`undeleteMessage`. */
export function threadUndelete(
  serviceUrl: string,
  user: TeamsTestUser,
  rootId: string,
  text: string,
  id: string,
  channel = CHANNEL,
): Activity {
  const edit = threadEdit(serviceUrl, user, rootId, text, id, channel);
  return { ...edit, channelData: { ...(edit.channelData as Activity), eventType: 'undeleteMessage' } };
}

/** The (soft) deletion of the thread reply `id`. */
export function threadDelete(
  serviceUrl: string,
  user: TeamsTestUser,
  rootId: string,
  id: string,
  channel = CHANNEL,
): Activity {
  const reply = threadReply(serviceUrl, user, rootId, '', id, channel);
  const { text: _text, ...rest } = reply;
  return {
    ...rest,
    type: 'messageDelete',
    channelData: { ...(reply.channelData as Activity), eventType: 'softDeleteMessage' },
  };
}

/** A message in the personal chat with the bot. */
export function personalMessage(serviceUrl: string, user: TeamsTestUser, text: string, id = nextId()): Activity {
  return {
    ...common(serviceUrl, user, { id: `a:personal-${user.aadObjectId}`, conversationType: 'personal' }, id),
    type: 'message',
    text: asTeamsHtml(text),
  };
}

/** Action.Execute on the card posted as `rootId`: an adaptiveCard/action invoke. */
export function cardExecute(
  serviceUrl: string,
  user: TeamsTestUser,
  rootId: string,
  verb: string,
  data: Record<string, unknown>,
  id = `f:${nextId()}`,
  channel = CHANNEL,
): Activity {
  return {
    ...common(
      serviceUrl,
      user,
      { id: `${channel};messageid=${rootId}`, conversationType: 'channel', isGroup: true },
      id,
      channel,
    ),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: rootId,
    value: { action: { type: 'Action.Execute', id: 'save', verb, data }, trigger: 'manual' },
  };
}

/** Action.Submit (the fallback): a message with `value` and no text. */
export function cardSubmit(
  serviceUrl: string,
  user: TeamsTestUser,
  rootId: string,
  data: Record<string, unknown>,
  id = nextId(),
  channel = CHANNEL,
): Activity {
  return {
    ...common(
      serviceUrl,
      user,
      { id: `${channel};messageid=${rootId}`, conversationType: 'channel', isGroup: true },
      id,
      channel,
    ),
    type: 'message',
    replyToId: rootId,
    value: data,
  };
}

/**
 * A reply in the thread under `rootId` that @mentions the bot: what arrives from a tenant whose
 * admin has not granted the app's channel-message consent (only mentions reach the bot then).
 */
export function mentionInThread(
  serviceUrl: string,
  user: TeamsTestUser,
  rootId: string,
  text: string,
  id = nextId(),
  channel = CHANNEL,
): Activity {
  const at = `<at>${BOT.name}</at>`;
  return {
    ...threadReply(serviceUrl, user, rootId, text, id, channel),
    text: `<p>${at} ${asTeamsHtml(text)}</p>`,
    entities: [
      { type: 'mention', mentioned: { id: BOT.id, name: BOT.name }, text: at },
      { type: 'clientInfo', locale: 'nl-NL' },
    ],
  };
}
