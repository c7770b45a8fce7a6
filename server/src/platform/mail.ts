import { randomUUID } from 'node:crypto';
import Handlebars from 'handlebars';
import type { Selectable } from 'kysely';
import { createTransport, type Transporter } from 'nodemailer';
import type { Db } from '../db/database.js';
import { databaseOf, row, statement } from '../db/statements.js';
import type { OutboxMessagesTable } from '../db/tables.js';
import { run, write } from '../db/write.js';
import { type Clock, isoNow } from './clock.js';
import { newId } from './ids.js';

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058). */
  headers?: Record<string, string>;
  /** A stable `<id@host>`, so a message sent twice is recognisably the same message; else one is made up. */
  messageId?: string;
  /**
   * The `Date` header; the moment of sending otherwise. An email about an anonymous post carries
   * the post's minute, so its date cannot be matched against its author's signed activity.
   */
  date?: Date;
  /**
   * About an anonymous post: kept out of sight of whoever reads the instance's mail for it (the
   * host admin's outbox shows neither recipient nor text), so it is no way around the audited reveal.
   */
  withheld?: boolean;
};

/** Sends one multipart (text + HTML) message. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

/** Without SMTP the instance keeps its mail in a table that host admins read in the app. */
export class OutboxMailer implements Mailer {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async send(message: MailMessage): Promise<void> {
    const stored: OutboxMessage = {
      // A time-ordered id would date a withheld email to the millisecond its job ran.
      id: message.withheld ? randomUUID() : newId(),
      toAddress: message.to,
      ...pick(message),
      withheld: message.withheld ? 1 : 0,
      createdAt: message.date ? message.date.toISOString() : isoNow(this.clock),
    };
    await write(databaseOf(this.db), () => run(insertOutboxMessage, stored));
  }

  async close(): Promise<void> {}
}

type OutboxMessage = Selectable<OutboxMessagesTable>;

const insertOutboxMessage = statement((db, p: OutboxMessage) =>
  db.insertInto('outboxMessages').values(
    row(p, {
      id: true,
      toAddress: true,
      subject: true,
      text: true,
      html: true,
      headers: true,
      withheld: true,
      createdAt: true,
    }),
  ),
);

const pick = ({ subject, text, html, headers }: MailMessage) => ({
  subject,
  text,
  html,
  headers: headers ? JSON.stringify(headers) : null,
});

/** Connections to the mail server; each carries one message at a time, its commands pipelined. */
export const SMTP_CONNECTIONS = 10;

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    // Pooled connections that stay open: a fan-out to thousands of members must neither open a
    // connection per email nor reconnect every 100 (nodemailer's default). Parameters in the URL win.
    this.transport = createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: SMTP_CONNECTIONS,
      maxMessages: Infinity,
    });
  }

  async send({ withheld: _withheld, ...message }: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, ...message });
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** The parts every transactional email is made of; each kind fills them from its own template. */
export type EmailContent = {
  subject: string;
  preview: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footnote?: string;
  /**
   * Where the reader stops this kind of email: a page for people (`pageUrl`) and the one-click
   * endpoint mail clients POST to (`oneClickUrl`, RFC 8058), sent as `List-Unsubscribe`.
   */
  unsubscribe?: { label: string; pageUrl: string; oneClickUrl: string };
};

const htmlLayout = Handlebars.compile<EmailContent & { instanceUrl: string }>(
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{subject}}</title></head>
<body style="margin:0;background:#f4f5f7;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1f2430">
<span style="display:none">{{preview}}</span>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:32px 12px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#fff;border-radius:10px;padding:32px">
<tr><td style="font-size:14px;font-weight:600;color:#4c5bd4;padding-bottom:16px">Roundtable</td></tr>
<tr><td style="font-size:22px;font-weight:600;padding-bottom:12px">{{heading}}</td></tr>
{{#each paragraphs}}<tr><td style="font-size:15px;line-height:1.55;padding-bottom:12px">{{this}}</td></tr>{{/each}}
{{#if action}}<tr><td style="padding:12px 0 20px"><a href="{{action.url}}" style="display:inline-block;background:#4c5bd4;color:#fff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:8px">{{action.label}}</a></td></tr>
<tr><td style="font-size:13px;color:#5c6370;padding-bottom:12px">Or paste this link into your browser:<br><a href="{{action.url}}" style="color:#4c5bd4;word-break:break-all">{{action.url}}</a></td></tr>{{/if}}
{{#if footnote}}<tr><td style="font-size:13px;color:#5c6370;border-top:1px solid #e6e8ec;padding-top:16px">{{footnote}}</td></tr>{{/if}}
{{#if unsubscribe}}<tr><td style="font-size:12px;color:#8a909c;padding-top:16px"><a href="{{unsubscribe.pageUrl}}" style="color:#8a909c">{{unsubscribe.label}}</a> · You can change every email you get in your notification preferences.</td></tr>{{/if}}
</table>
<p style="font-size:12px;color:#8a909c">Sent by <a href="{{instanceUrl}}" style="color:#8a909c">{{instanceUrl}}</a></p>
</td></tr></table></body></html>`,
  { strict: false },
);

/** Renders both parts of a message from one content object; HTML values are escaped by Handlebars. */
export function renderEmail(to: string, content: EmailContent, instanceUrl: string): MailMessage {
  const text = [
    content.heading,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    ...(content.footnote ? [content.footnote, ''] : []),
    ...(content.unsubscribe ? [`${content.unsubscribe.label}: ${content.unsubscribe.pageUrl}`, ''] : []),
    `— Roundtable, ${instanceUrl}`,
  ].join('\n');
  const message: MailMessage = { to, subject: content.subject, text, html: htmlLayout({ ...content, instanceUrl }) };
  if (content.unsubscribe) {
    message.headers = {
      'List-Unsubscribe': `<${content.unsubscribe.oneClickUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
  }
  return message;
}
