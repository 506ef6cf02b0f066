// Small enhancements. Every page works without this file: it only adds keyboard shortcuts,
// keeps the stream's URLs free of empty parameters, and sends the subscribe form without a
// page load. Loaded with `defer` from our own origin (the CSP allows no inline script).
'use strict';

const typing = (el) => el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

// `/` focuses search; `j` / `k` move to the next / previous signal (any link marked data-nav).
document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (typing(e.target)) {
    if (e.key === 'Escape') e.target.blur();
    return;
  }
  if (e.key === '/') {
    e.preventDefault();
    const q = document.getElementById('q');
    if (q) { q.focus(); q.select(); } else location.href = '/#q';
  } else if (e.key === 'j' || e.key === 'k') {
    const links = [...document.querySelectorAll('a[data-nav]')];
    if (!links.length) return;
    e.preventDefault();
    const at = links.findIndex((a) => a === document.activeElement || a.closest('article, li')?.contains(document.activeElement));
    const next = at < 0 ? (e.key === 'j' ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + (e.key === 'j' ? 1 : -1)));
    links[next].focus({ preventScroll: true });
    links[next].closest('article, li')?.scrollIntoView({ block: 'nearest' });
  }
});

if (location.hash === '#q') document.getElementById('q')?.focus();

// A GET form submits every field, empty or not; leave the empty ones out so a view's URL says
// only what it filters on. (Re-enabled when the page is shown again from the back button.)
const search = document.getElementById('search');
if (search) {
  search.addEventListener('submit', () => {
    for (const el of search.elements) if ((el.name && !el.value) || el.name === 'cursor') el.disabled = true;
  });
  addEventListener('pageshow', () => { for (const el of search.elements) el.disabled = false; });
}

// Subscribe without a reload: the same fields, posted to the API as JSON. Anything unexpected
// falls back to the ordinary form post, which validates and answers on the server.
const form = document.getElementById('subscribe');
if (form) {
  const zone = form.elements.timezone;
  try {
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && zone.value === 'UTC' && local) zone.value = local;
  } catch { /* keep UTC */ }
  form.addEventListener('submit', async (e) => {
    const status = document.getElementById('js-status');
    const f = new FormData(form);
    const list = (s) => String(s || '').split(/[,;\n]/).map((x) => x.trim()).filter(Boolean);
    const email = String(f.get('email') || '').trim();
    // Anything the server would refuse goes the no-JS way, which explains it field by field.
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return;
    e.preventDefault();
    const filters = {};
    if (String(f.get('q') || '').trim()) filters.q = String(f.get('q')).trim();
    if (list(f.get('entities')).length) filters.entities = list(f.get('entities'));
    if (f.getAll('types').length) filters.types = f.getAll('types');
    if (list(f.get('regions')).length) filters.regions = list(f.get('regions')).map((r) => r.toUpperCase());
    const body = { email, cadence: f.get('cadence') || 'daily', filters, send_hour: Number(f.get('send_hour') || 7), timezone: String(f.get('timezone') || 'UTC').trim() };
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    if (status) status.textContent = 'Sending…';
    try {
      const res = await fetch('/api/v1/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status === 202 || res.status === 200 || res.status === 201) {
        const done = document.createElement('div');
        done.className = 'done';
        done.setAttribute('role', 'status');
        done.tabIndex = -1;
        const p = document.createElement('p');
        p.append('A confirmation email is on its way to ', Object.assign(document.createElement('strong'), { textContent: email }), '.');
        const p2 = document.createElement('p');
        p2.textContent = 'Follow its link to start your digest. If it does not arrive within a few minutes, look in your spam folder.';
        done.append(p, p2);
        document.querySelector('h1').textContent = 'Check your inbox';
        document.querySelector('.intro')?.remove();
        form.replaceWith(done);
        done.focus();
        return;
      }
    } catch { /* network trouble: let the server path try and explain */ }
    button.disabled = false;
    if (status) status.textContent = '';
    form.submit();
  });
}
