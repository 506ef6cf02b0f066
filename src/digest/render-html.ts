// The HTML part, built the way mail clients need it: nested tables for layout, every style
// inline (Gmail and Outlook drop or ignore most of <style>), no images or scripts, a 600 px
// column, and colour-scheme hints plus a prefers-color-scheme block for clients that honour
// it; clients that ignore it get a light design whose colours survive forced inversion.
import type { DigestView, DigestItemView, PredictionView } from './view.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const font = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
const c = { page: '#f3f4f6', card: '#ffffff', text: '#1f2937', muted: '#4b5563', rule: '#e5e7eb', link: '#1d4ed8', accent: '#0f766e' };

const darkCss = `:root{color-scheme:light dark;supported-color-schemes:light dark}
@media (prefers-color-scheme: dark){
.pr-page{background-color:#0f1115 !important}.pr-card{background-color:#1a1d23 !important}
.pr-text{color:#e5e7eb !important}.pr-muted{color:#a1a1aa !important}.pr-rule{border-color:#2f343c !important}
.pr-link{color:#8ab4ff !important}.pr-accent{color:#5eead4 !important}}
[data-ogsc] .pr-text{color:#e5e7eb !important}[data-ogsc] .pr-link{color:#8ab4ff !important}`;

const a = (href: string, text: string, extra = '') =>
  `<a href="${escapeHtml(href)}" class="pr-link" style="color:${c.link};text-decoration:underline;${extra}">${escapeHtml(text)}</a>`;

function item(i: DigestItemView): string {
  const meta = [i.entities.join(', '), i.regions.join(' ')].filter(Boolean).join(' · ');
  return `<tr><td class="pr-rule" style="padding:12px 0;border-top:1px solid ${c.rule};${font}">
<div style="font-size:16px;line-height:22px;font-weight:600;">${a(i.url, i.headline, `color:${c.text};text-decoration:none;`)}</div>
${i.summary ? `<div class="pr-text" style="font-size:14px;line-height:20px;color:${c.text};padding-top:4px;">${escapeHtml(i.summary)}</div>` : ''}
${meta ? `<div class="pr-muted" style="font-size:13px;line-height:18px;color:${c.muted};padding-top:4px;">${escapeHtml(meta)}</div>` : ''}
${i.impact ? `<div class="pr-accent" style="font-size:13px;line-height:18px;color:${c.accent};padding-top:4px;">Likely next: ${escapeHtml(i.impact)}</div>` : ''}
</td></tr>`;
}

function prediction(p: PredictionView): string {
  const outcome = p.status === 'confirmed'
    ? `Confirmed ${escapeHtml(p.resolvedOn)}${p.confirmedBy && p.confirmedByUrl ? ` by ${a(p.confirmedByUrl, p.confirmedBy)}` : ''}`
    : `Expired ${escapeHtml(p.resolvedOn)} without a confirming event`;
  return `<tr><td class="pr-rule" style="padding:10px 0;border-top:1px solid ${c.rule};${font}">
<div class="pr-text" style="font-size:14px;line-height:20px;color:${c.text};">${escapeHtml(p.statement)} (${escapeHtml(p.probability)})</div>
<div class="pr-muted" style="font-size:13px;line-height:18px;color:${c.muted};padding-top:2px;">${outcome}. Predicted after ${a(p.originUrl, p.origin)}</div>
</td></tr>`;
}

const section = (title: string, rows: string) => `<tr><td style="padding:20px 0 4px;${font}">
<div class="pr-text" style="font-size:13px;line-height:18px;letter-spacing:0.06em;text-transform:uppercase;font-weight:700;color:${c.text};">${escapeHtml(title)}</div>
</td></tr>${rows}`;

export function renderHtml(v: DigestView): string {
  const groups = v.groups.map((g) => section(`${g.label} (${g.items.length})`, g.items.map(item).join('\n'))).join('\n');
  const more = v.more > 0 ? `<tr><td style="padding:12px 0;${font}font-size:14px;">${a(v.moreUrl, `See all ${v.total} signals on the web`)}</td></tr>` : '';
  const predictions = v.predictions.length ? section('Predictions resolved', v.predictions.map(prediction).join('\n')) : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(v.subject)}</title><style>${darkCss}</style></head>
<body class="pr-page" style="margin:0;padding:0;background-color:${c.page};">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${escapeHtml(v.preheader)}</div>
<table role="presentation" class="pr-page" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:${c.page};"><tr><td align="center" style="padding:16px 8px;">
<table role="presentation" class="pr-card" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:${c.card};border-radius:6px;">
<tr><td style="padding:20px 24px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td style="${font}"><div class="pr-text" style="font-size:20px;line-height:26px;font-weight:700;color:${c.text};">${escapeHtml(v.heading)}</div>
<div class="pr-muted" style="font-size:13px;line-height:18px;color:${c.muted};padding-top:4px;">${escapeHtml(v.periodLabel)}</div></td></tr>
${groups}
${more}
${predictions}
<tr><td class="pr-rule" style="padding:20px 0 0;border-top:1px solid ${c.rule};${font}font-size:12px;line-height:18px;">
<div class="pr-muted" style="color:${c.muted};">You get this because you subscribed to Policy Radar digests. ${a(v.manageUrl, 'Change filters or schedule')} · ${a(v.unsubscribeUrl, 'Unsubscribe')}</div>
</td></tr>
</table></td></tr></table>
</td></tr></table>
</body></html>
`;
}
