import type { EmailContent } from '../../platform/mail.js';

export const verifyEmailContent = (name: string, url: string): EmailContent => ({
  subject: 'Confirm your email for Roundtable',
  preview: 'One click confirms your address.',
  heading: `Welcome, ${name}`,
  paragraphs: [
    'Please confirm that this is your email address, so your peers can reach you and you can recover your account.',
  ],
  action: { label: 'Confirm my email', url },
  footnote: 'The link works for 48 hours. If you did not create a Roundtable account, ignore this email.',
});

export const resetPasswordContent = (name: string, url: string): EmailContent => ({
  subject: 'Reset your Roundtable password',
  preview: 'Choose a new password with the link inside.',
  heading: 'Reset your password',
  paragraphs: [`Hello ${name}, someone (hopefully you) asked to reset the password of your Roundtable account.`],
  action: { label: 'Choose a new password', url },
  footnote:
    'The link works for one hour and only once. If you did not ask for this, ignore this email: your password stays as it is.',
});

export const passwordChangedContent = (name: string, url: string): EmailContent => ({
  subject: 'Your Roundtable password was changed',
  preview: 'You have been signed out on your other devices.',
  heading: 'Your password was changed',
  paragraphs: [
    `Hello ${name}, the password of your Roundtable account was just changed, and every other device was signed out.`,
    'If this was not you, reset your password now.',
  ],
  action: { label: 'Reset my password', url },
});
