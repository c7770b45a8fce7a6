import type { NetworkView } from '@roundtable/contract/networks';
import type { ReplyView, ThreadView } from '@roundtable/contract/threads';
import { expect } from 'vitest';
import type { Person, TestApp } from './app.js';
import { createNetwork, joinNetwork } from './networks.js';

export type ThreadWorld = { network: NetworkView; facilitator: Person; asker: Person; peer: Person };

/** A network run by a facilitator (the host admin who created it), with two members. */
export async function threadWorld(t: TestApp, admin: Person, name: string): Promise<ThreadWorld> {
  const network = await createNetwork(t, admin, { name });
  const asker = await t.member('Asha Asker');
  const peer = await t.member('Pat Peer');
  await joinNetwork(t, asker, network);
  await joinNetwork(t, peer, network);
  return { network, facilitator: admin, asker, peer };
}

/** A question in the network, answered 201. */
export async function startThread(
  t: TestApp,
  as: Person,
  networkId: string,
  body: Record<string, unknown> = {},
): Promise<ThreadView> {
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/networks/${networkId}/threads`,
    as,
    payload: {
      title: 'How do you forecast cash in a downturn?',
      body: 'We run a **13-week** model. What do you do?',
      kind: 'question',
      anonymous: false,
      ...body,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** A reply to the thread, answered 201. */
export async function postReply(
  t: TestApp,
  as: Person,
  threadId: string,
  body: Record<string, unknown> = {},
): Promise<ReplyView> {
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/threads/${threadId}/replies`,
    as,
    payload: { body: 'We did the same in 2020 and it held.', anonymous: false, ...body },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}
