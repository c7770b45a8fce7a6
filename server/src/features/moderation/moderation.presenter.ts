import type { FlagView, ModerationLogEntryView } from '@roundtable/contract/threads';
import { excerptOf, renderPost } from '../../platform/markdown.js';
import type { FlagRow, ModerationLogRow } from './moderation.queries.js';

export function presentFlag(row: FlagRow): FlagView {
  return {
    id: row.id,
    threadId: row.threadId,
    replyId: row.replyId,
    threadTitle: row.threadTitle,
    excerpt: excerptOf(renderPost(row.replyBody ?? row.threadBody).text, 200),
    reason: row.reason,
    createdAt: row.createdAt,
    resolvedAt: row.resolvedAt,
  };
}

export const presentModerationLogEntry = (row: ModerationLogRow): ModerationLogEntryView => ({
  id: row.id,
  action: row.action,
  actor: { id: row.actorId, name: row.actorName },
  networkId: row.networkId,
  networkName: row.networkName,
  threadId: row.threadId,
  replyId: row.replyId,
  pulseId: row.pulseId,
  reason: row.reason,
  createdAt: row.createdAt,
});
