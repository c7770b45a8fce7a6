import type { EmailContent } from '../../platform/mail.js';

export const newApplicationContent = (networkName: string, applicantName: string, url: string): EmailContent => ({
  subject: `New application to ${networkName}`,
  preview: `${applicantName} would like to join.`,
  heading: `${applicantName} applied to join ${networkName}`,
  paragraphs: [
    'Review the application, the profile and any conflicts of interest it would bring, then approve or decline.',
  ],
  action: { label: 'Review applications', url },
});

export const applicationDecidedContent = (
  networkName: string,
  isApproved: boolean,
  message: string | null,
  url: string,
): EmailContent => ({
  subject: isApproved ? `You are in: ${networkName}` : `Your application to ${networkName}`,
  preview: isApproved ? 'Accept the charter to join.' : 'The facilitators have decided.',
  heading: isApproved ? `Welcome to ${networkName}` : `About your application to ${networkName}`,
  paragraphs: [
    isApproved
      ? 'The facilitators approved your application. Read and accept the charter and confidentiality agreement to join your peers.'
      : 'The facilitators have decided not to admit you to this network for now.',
    ...(message ? [`Their message: “${message}”`] : []),
  ],
  ...(isApproved ? { action: { label: 'Accept the charter and join', url } } : {}),
});

export const removedContent = (networkName: string, reason: string): EmailContent => ({
  subject: `You were removed from ${networkName}`,
  preview: 'A facilitator removed you from the network.',
  heading: `You are no longer a member of ${networkName}`,
  paragraphs: [`A facilitator removed you from the network, giving this reason: “${reason}”`],
  footnote: 'If you think this is a mistake, reply to a facilitator of the network you know.',
});
