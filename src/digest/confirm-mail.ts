// The mails a subscription request sends: the double opt-in link, or, when the address is
// already subscribed, a link to manage it (so the API answers the same either way and never
// tells a stranger whether an address is subscribed).
import type { SendMailOptions } from 'nodemailer';
import { escapeHtml } from './render-html.js';

interface MailOpts { to: string; from: string; link: string }

const shell = (title: string, body: string, link: string, button: string) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:24px 12px;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:22px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:560px;"><tr><td>
<p style="font-size:18px;font-weight:700;margin:0 0 12px;">${escapeHtml(title)}</p><p style="margin:0 0 16px;">${escapeHtml(body)}</p>
<p style="margin:0 0 16px;"><a href="${escapeHtml(link)}" style="display:inline-block;padding:10px 18px;background-color:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px;">${escapeHtml(button)}</a></p>
<p style="margin:0;font-size:13px;color:#6b7280;">Or open this link: ${escapeHtml(link)}<br>If you did not ask for this, ignore this email: nothing will be sent.</p>
</td></tr></table></td></tr></table></body></html>`;

export function confirmationMail({ to, from, link }: MailOpts): SendMailOptions {
  const body = 'Please confirm that you want Policy Radar digests at this address. The link works once and expires in 7 days.';
  return {
    to, from, subject: 'Confirm your Policy Radar digest subscription',
    text: `${body}\n\nConfirm: ${link}\n\nIf you did not ask for this, ignore this email: nothing will be sent.\n`,
    html: shell('Confirm your subscription', body, link, 'Confirm subscription'),
  };
}

export function alreadySubscribedMail({ to, from, link }: MailOpts): SendMailOptions {
  const body = 'Someone (probably you) asked to subscribe this address to Policy Radar digests, and it is already subscribed. To change your filters or schedule, or to leave, use the link below.';
  return {
    to, from, subject: 'Your Policy Radar digest subscription',
    text: `${body}\n\nManage: ${link}\n`,
    html: shell('You are already subscribed', body, link, 'Manage subscription'),
  };
}
