import type { EmailContent } from '../../platform/mail.js';

export const invitationContent = (
  invitation: { networkName: string; purpose: string; inviterName: string; message: string | null; expiresOn: string },
  url: string,
): EmailContent => ({
  subject: `${invitation.inviterName} invites you to ${invitation.networkName}`,
  preview: `A confidential network of peers on Roundtable.`,
  heading: `Join ${invitation.networkName}`,
  paragraphs: [
    `${invitation.inviterName} invites you to join ${invitation.networkName}, a confidential network of true peers on Roundtable.`,
    invitation.purpose.length > 400 ? `${invitation.purpose.slice(0, 400)}…` : invitation.purpose,
    ...(invitation.message ? [`${invitation.inviterName} writes: “${invitation.message}”`] : []),
    'You can create an account with the link if you do not have one yet.',
  ],
  action: { label: 'See the invitation', url },
  footnote: `The link works once, until ${invitation.expiresOn}. If you do not know ${invitation.inviterName}, ignore this email.`,
});
