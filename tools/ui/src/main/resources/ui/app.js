// actionlog timeline: search → /api/events → sessions → events. Everything is rendered with textContent.
'use strict';

const $ = (id) => document.getElementById(id);
const GAP_MS = 5 * 60 * 1000;
const KINDS = ['user', 'session', 'request', 'ip'];

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function statusClass(status) {
  return status ? 's' + String(status).charAt(0) : '';
}

function shortAgent(ua) {
  if (!ua) return '';
  const m = ua.match(/(Edg|Firefox|Chrome|Safari|curl|python-requests|Java-http-client)\/[\d.]+/);
  const os = /Android/.test(ua) ? ' Android' : /iPhone/.test(ua) ? ' iOS' : /Windows/.test(ua) ? ' Windows'
    : /Mac OS/.test(ua) ? ' macOS' : /Linux/.test(ua) ? ' Linux' : '';
  return m ? m[0] + os : ua;
}

function fmtTime(iso) {
  const d = new Date(iso);
  const two = (n) => String(n).padStart(2, '0');
  return two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds()) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

function fmtGap(ms) {
  const min = Math.round(ms / 60000);
  if (min < 60) return min + ' min later';
  const h = Math.round(min / 60);
  return h < 48 ? h + ' h later' : Math.round(h / 24) + ' days later';
}

function params() {
  const p = new URLSearchParams();
  p.set($('kind').value, $('value').value.trim());
  if ($('since').value === 'custom') {
    if ($('from').value) p.set('from', $('from').value);
    if ($('to').value) p.set('to', $('to').value);
    p.set('tz', Intl.DateTimeFormat().resolvedOptions().timeZone);
  } else if ($('since').value) {
    p.set('since', $('since').value);
  }
  for (const f of ['method', 'status', 'path', 'limit']) if ($(f).value) p.set(f, $(f).value.trim());
  return p;
}

function restore(p) {
  for (const k of KINDS) if (p.get(k)) { $('kind').value = k; $('value').value = p.get(k); }
  if (p.get('from') || p.get('to')) {
    $('since').value = 'custom';
    $('from').value = p.get('from') || '';
    $('to').value = p.get('to') || '';
  } else {
    $('since').value = p.has('since') ? p.get('since') : '';
  }
  for (const f of ['method', 'status', 'path', 'limit']) if (p.get(f)) $(f).value = p.get(f);
  $('custom').hidden = $('since').value !== 'custom';
}

function details(event) {
  const box = el('div', 'details');
  const table = el('table');
  const keys = Object.keys(event).sort((a, b) => {
    const ha = a.startsWith('http.request.header.'), hb = b.startsWith('http.request.header.');
    return ha === hb ? a.localeCompare(b) : ha ? 1 : -1;
  });
  for (const key of keys) {
    const tr = el('tr');
    const value = event[key];
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    tr.append(el('th', null, key), el('td', text.includes('[REDACTED]') ? 'redacted' : null, text));
    table.append(tr);
  }
  box.append(table);
  return box;
}

// Unverified sources repeat what the client sent; stitched events are anonymous events of the user's session.
const UNVERIFIED = ['header', 'cookie', 'claimed'];

function who(e) {
  return e['user.stitched_to'] ? e['user.stitched_to'] + ' (anonymous event of this session: ' + e['user.id'] + ')' : e['user.id'];
}

function sourceBadge(e) {
  const source = e['user.id_source'] || '';
  if (e['user.stitched_to']) return el('span', 'badge stitched', 'stitched');
  if (UNVERIFIED.includes(source)) return el('span', 'badge unverified', 'unverified: ' + source);
  return el('span', 'badge source', source);
}

function eventItem(e) {
  const status = e['http.response.status_code'];
  const li = el('li', 'event ' + statusClass(status));
  li.dataset.id = e['event.id'];
  const line = el('div', 'line');
  const what = e['action.name'] ? 'beacon: ' + e['action.name']
    : e['url.path'] + (e['url.query'] ? '?' + e['url.query'] : '');
  line.append(
    el('span', 'time', fmtTime(e['event.received_at'])),
    el('span', 'method', e['http.request.method']),
    el('span', 'path', what),
    el('span', 'status ' + statusClass(status), status || '–'),
    el('span', 'latency', e['actionlog.latency_ms'] !== undefined ? e['actionlog.latency_ms'] + ' ms' : ''),
    el('span', 'ip', e['client.address'] || ''),
    el('span', 'country', e['client.geo.country_iso_code'] || ''),
    el('span', 'agent', shortAgent(e['user_agent.original'])));
  line.title = what;
  li.append(line, details(e));
  li.addEventListener('click', (ev) => {
    if (ev.target.closest('.details')) return;
    li.classList.toggle('open');
  });
  return li;
}

function render(data) {
  const timeline = $('timeline');
  timeline.replaceChildren();
  const events = data.events;
  $('summary').className = 'summary';
  $('summary').textContent = events.length === 0 ? 'No events for ' + data.selector + ' in this range.'
    : events.length + ' event' + (events.length === 1 ? '' : 's') + ' for ' + data.selector + ', oldest first. Click an event for all its (redacted) headers.';
  let section = null, list = null, session, last = null;
  for (const e of events) {
    const s = e['session.id'] || '(no session)';
    const group = s + '\n' + who(e);
    if (group !== session) {
      session = group;
      section = el('section', 'session');
      const h = el('h2');
      h.append(el('span', null, 'Session ' + s), el('span', 'meta', 'user ' + who(e)), sourceBadge(e),
        el('span', 'meta', new Date(e['event.received_at']).toLocaleDateString()));
      list = el('ol', 'events');
      section.append(h, list);
      timeline.append(section);
      last = null;
    }
    const t = Date.parse(e['event.received_at']);
    if (last !== null && t - last > GAP_MS) list.append(el('li', 'gap', '⋯ ' + fmtGap(t - last)));
    last = t;
    list.append(eventItem(e));
  }
}

async function search(push) {
  const p = params();
  if (!$('value').value.trim()) return;
  if (push) history.pushState(null, '', '?' + p.toString());
  for (const [id, fmt] of [['export-json', 'jsonl'], ['export-csv', 'csv']]) {
    const q = new URLSearchParams(p); q.set('format', fmt);
    $(id).href = 'api/events?' + q.toString();
    $(id).hidden = false;
  }
  $('summary').className = 'summary';
  $('summary').textContent = 'Searching…';
  try {
    const response = await fetch('api/events?' + p.toString());
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || response.statusText);
    render(data);
  } catch (err) {
    $('timeline').replaceChildren();
    $('summary').className = 'summary error';
    $('summary').textContent = err.message;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('since').addEventListener('change', () => { $('custom').hidden = $('since').value !== 'custom'; });
  $('search').addEventListener('submit', (ev) => { ev.preventDefault(); search(true); });
  window.addEventListener('popstate', () => { restore(new URLSearchParams(location.search)); search(false); });
  const initial = new URLSearchParams(location.search);
  if (KINDS.some((k) => initial.get(k))) { restore(initial); search(false); }
});
