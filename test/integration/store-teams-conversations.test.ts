import { expect, it } from 'vitest';
import {
  memoryTeamsConversations,
  type TeamsConversationRecord,
  type TeamsConversations,
} from '../../src/bot/teams/teams-conversations.js';
import { teamsConversationRepository } from '../../src/store/teams-conversation-repository.js';
import { forEachStore } from '../support/db.js';

forEachStore('Teams conversation references', (t) => {
  const repo = (): TeamsConversations => (t.db ? teamsConversationRepository(t.db) : memoryTeamsConversations());
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 9, minute));
  async function organisation(): Promise<string> {
    await t.store.organisations.create({
      id: 'org-1',
      name: 'Stichting',
      locale: 'nl',
      timeZone: 'Europe/Amsterdam',
      retentionDays: null,
      createdAt: at(0),
    });
    return 'org-1';
  }
  const record = (patch: Partial<TeamsConversationRecord>): TeamsConversationRecord => ({
    conversationId: '19:kanaal@thread.tacv2',
    tenantId: 'tenant-1',
    organisationId: 'org-1',
    kind: 'channel',
    userId: null,
    reference: { serviceUrl: 'https://smba.example/emea/', conversation: { id: '19:kanaal@thread.tacv2' } },
    createdAt: at(0),
    updatedAt: at(0),
    ...patch,
  });

  it('saves a conversation once and refreshes its reference later', async () => {
    await organisation();
    const conversations = repo();
    expect(await conversations.save(record({}))).toBe(true);
    expect(
      await conversations.save(record({ reference: { serviceUrl: 'https://smba.example/amer/' }, updatedAt: at(5) })),
    ).toBe(false);
    expect(await conversations.find('19:kanaal@thread.tacv2')).toMatchObject({
      kind: 'channel',
      tenantId: 'tenant-1',
      reference: { serviceUrl: 'https://smba.example/amer/' },
      createdAt: at(0),
      updatedAt: at(5),
    });
    expect(await conversations.find('19:other@thread.tacv2')).toBeNull();
  });

  it('finds a person’s personal chat and the newest conversation of a tenant', async () => {
    await organisation();
    const conversations = repo();
    await conversations.save(record({}));
    await conversations.save(
      record({ conversationId: 'a:chat-anouk', kind: 'personal', userId: '29:anouk', updatedAt: at(3) }),
    );
    await conversations.save(
      record({
        conversationId: 'a:chat-elsewhere',
        tenantId: 'tenant-2',
        kind: 'personal',
        userId: '29:anouk',
        updatedAt: at(9),
      }),
    );
    expect((await conversations.findPersonal('tenant-1', '29:anouk'))?.conversationId).toBe('a:chat-anouk');
    expect(await conversations.findPersonal('tenant-1', '29:bram')).toBeNull();
    expect((await conversations.latestOfTenant('tenant-1'))?.conversationId).toBe('a:chat-anouk');
    expect(await conversations.latestOfTenant('tenant-3')).toBeNull();
  });
});
