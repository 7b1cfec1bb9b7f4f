// actionlog timeline: search → /api/events → sessions → events. Everything is rendered with textContent.
'use strict';

const $ = (id) => document.getElementById(id);
const GAP_MS = 5 * 60 * 1000;
const KINDS = ['user', 'session', 'request', 'ip'];
const LIVE_MS = 1000;
let current = null; // the last answer: {selector, search, traceLink, events}
let liveTimer = null;

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

// A time in a link: ISO-8601 date and time, seconds and fraction optional, with Z or an offset (an instant) or
// without (a wall-clock time in the link's tz, else in this browser's zone).
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

// Epoch ms of a link's time, or NaN when it is not an ISO-8601 date-time; an unknown zone throws a RangeError.
function parseTime(text, zone) {
  const m = ISO_TIME.exec(text.trim());
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s = '0', frac = '', offset] = m;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Number((frac + '000').slice(0, 3)));
  const back = new Date(wall); // Date.UTC rolls month 13 or hour 25 over: a real date and time reads back the same
  if (back.getUTCMonth() !== +mo - 1 || back.getUTCDate() !== +d || back.getUTCHours() !== +h || back.getUTCMinutes() !== +mi
    || back.getUTCSeconds() !== +s) return NaN;
  if (!offset) return wall - zoneOffset(wall - zoneOffset(wall, zone), zone); // the offset in force at that wall time
  if (offset.toUpperCase() === 'Z') return wall;
  const digits = offset.slice(1).replace(':', '');
  const hours = +digits.slice(0, 2), minutes = +(digits.slice(2) || '0');
  if (hours > 23 || minutes > 59) return NaN;
  return wall - (offset[0] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60000;
}

// How far a zone's wall clock is ahead of UTC at the instant `utc`, in ms; this browser's zone when none is given.
function zoneOffset(utc, zone) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone || undefined, hourCycle: 'h23', year: 'numeric',
    month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(utc));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(utc / 1000) * 1000;
}

// The value of a datetime-local input showing the instant `ms` in this browser's zone.
function localInput(ms) {
  const d = new Date(ms);
  const two = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + 'T' + two(d.getHours()) + ':'
    + two(d.getMinutes()) + ':' + two(d.getSeconds()) + (d.getMilliseconds() ? '.' + String(d.getMilliseconds()).padStart(3, '0') : '');
}

function params() {
  const p = new URLSearchParams();
  const byPath = $('kind').value === 'path';
  p.set(byPath ? 'path' : $('kind').value, $('value').value.trim());
  if ($('since').value === 'custom') {
    // instants, so the link selects the same events wherever it is opened
    for (const f of ['from', 'to']) if ($(f).value) p.set(f, new Date($(f).value).toISOString());
  } else if ($('since').value) {
    p.set('since', $('since').value);
  }
  for (const f of ['method', 'status', 'path', 'limit']) {
    if ($(f).value && !(byPath && f === 'path')) p.set(f, $(f).value.trim());
  }
  if ($('all').checked) p.set('all', '1');
  if ($('live').checked) p.set('live', '1');
  return p;
}

// the query as the server takes it: the URL's `live` means "keep polling", not "only the last minutes"
function queryOf(p) {
  const q = new URLSearchParams(p);
  q.delete('live');
  q.delete('all');
  return q;
}

// Fills the form from a link; returns why the link's range cannot be used, or null.
function restore(p) {
  const selected = KINDS.find((k) => p.get(k));
  if (selected) { $('kind').value = selected; $('value').value = p.get(selected); }
  else if (p.get('path')) { $('kind').value = 'path'; $('value').value = p.get('path'); }
  let refused = null;
  if (p.get('from') || p.get('to')) {
    $('since').value = 'custom';
    for (const f of ['from', 'to']) {
      const text = p.get(f) || '';
      let ms = NaN;
      try {
        ms = text ? parseTime(text, p.get('tz')) : NaN;
      } catch (e) {
        refused = refused || 'tz "' + p.get('tz') + '" is not a time zone; use e.g. Europe/Paris, or times ending in Z';
      }
      $(f).value = Number.isNaN(ms) ? '' : localInput(ms);
      $(f).setAttribute('aria-invalid', String(text !== '' && Number.isNaN(ms)));
      if (text && Number.isNaN(ms)) {
        refused = refused || f + ' "' + text + '" is not a time; use ISO-8601 such as 2026-11-22T14:05:00Z, '
          + '2026-11-22T15:05+01:00 or 2026-11-22T14:05:00.250Z';
      }
    }
  } else {
    $('since').value = p.has('since') ? p.get('since') : '';
  }
  for (const f of ['method', 'status', 'path', 'limit']) $(f).value = p.get(f) && !(f === 'path' && !selected) ? p.get(f) : (f === 'limit' ? '500' : '');
  $('all').checked = p.get('all') === '1';
  $('live').checked = p.get('live') === '1';
  $('custom').hidden = $('since').value !== 'custom';
  $('path-filter').hidden = $('kind').value === 'path';
  return refused;
}

// Says what is wrong in place of the results.
function refuse(message) {
  $('chart').hidden = true;
  $('timeline').replaceChildren();
  $('summary').className = 'summary error';
  $('summary').textContent = message;
}

// A link opened or navigated back to: its search, unless its range is refused (never silently dropped).
function openLink(p) {
  const refused = restore(p);
  if (refused) refuse(refused);
  else search(false);
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
  if (event['trace.id'] && current && current.traceLink) {
    const tr = el('tr');
    const td = el('td');
    const a = el('a', 'trace', 'open the backend\'s trace ' + event['trace.id']);
    a.href = current.traceLink.replace('{traceId}', encodeURIComponent(event['trace.id']));
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    td.append(a);
    tr.append(el('th', null, 'trace link'), td);
    table.prepend(tr);
  }
  box.append(table);
  return box;
}

// The person of each event comes decided by the server (the same as the CLI shows); the page only displays it.
function person(e) {
  return e['actionlog.person'] || { user: e['user.id'], how: 'named', unverified: false, label: e['user.id'] };
}

function who(e) {
  return person(e).label;
}

function sourceBadge(e) {
  const p = person(e);
  const source = e['user.id_source'] || '';
  if (p.how === 'stitched') return el('span', 'badge stitched', 'stitched');
  if (p.unverified) return el('span', 'badge unverified', 'unverified: ' + source);
  return el('span', 'badge source', source);
}

function eventItem(e) {
  const status = e['http.response.status_code'];
  const li = el('li', 'event ' + statusClass(status));
  li.dataset.id = e['event.id'];
  const line = el('div', 'line');
  const what = e['action.name'] ? 'beacon: ' + e['action.name']
    : e['url.path'] + (e['url.query'] ? '?' + e['url.query'] : '');
  if (current && current.search) {
    const p = person(e);
    const user = el('span', 'user', p.user);
    if (p.unverified || p.how === 'stitched') user.append(' ', sourceBadge(e));
    line.append(user);
  }
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

// Actions, not assets: the server names the page each asset folds under (the CLI's rule, decided there only).
function fold(events) {
  const rows = [];
  const rowOf = new Map();
  for (const e of events) {
    const page = rowOf.get(e['actionlog.folded_under']);
    if (page) { page.assets.push(e); continue; }
    const row = { event: e, assets: [] };
    rows.push(row);
    rowOf.set(e['event.id'], row);
  }
  return rows;
}

function assetsItem(assets) {
  const li = el('li', 'assets');
  const button = el('button', null, '+ ' + assets.length + ' asset' + (assets.length === 1 ? '' : 's'));
  button.type = 'button';
  const list = el('ol', 'events');
  list.hidden = true;
  for (const a of assets) list.append(eventItem(a));
  button.addEventListener('click', () => {
    list.hidden = !list.hidden;
    button.textContent = (list.hidden ? '+ ' : '− ') + assets.length + ' asset' + (assets.length === 1 ? '' : 's');
  });
  li.append(button, list);
  return li;
}

function render(data) {
  current = data;
  const timeline = $('timeline');
  timeline.className = data.search ? 'search' : '';
  timeline.replaceChildren();
  const events = data.events;
  const foldAssets = !data.search && !$('all').checked;
  const rows = foldAssets ? fold(events) : events.map((e) => ({ event: e, assets: [] }));
  const folded = events.length - rows.length;
  $('summary').className = 'summary';
  $('summary').textContent = events.length === 0 ? 'No events for ' + data.selector + ' in this range.'
    : events.length + ' event' + (events.length === 1 ? '' : 's') + ' for ' + data.selector
      + (data.search ? ', newest first.' : ', oldest first.')
      + (folded > 0 ? ' ' + folded + ' asset request' + (folded === 1 ? '' : 's') + ' folded under their pages.' : '')
      + ' Click an event for all its (redacted) headers.' + ($('live').checked ? ' Live: new events appear as they are stored.' : '');
  if (data.search) {
    const section = el('section', 'session');
    const list = el('ol', 'events');
    section.append(list);
    for (const r of rows) list.append(eventItem(r.event));
    if (events.length > 0) timeline.append(section);
    return;
  }
  let section = null, list = null, session, last = null;
  for (const r of rows) {
    const e = r.event;
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
    if (r.assets.length > 0) list.append(assetsItem(r.assets));
  }
}

// The chart above the timeline: requests and errors over time for the same query, from the archive's SQL engine.
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  return node;
}

async function chart(p, data) {
  const figure = $('chart');
  const q = queryOf(p);
  q.delete('status'); q.delete('limit'); // errors are what the chart shows; it counts everything in the range
  if (!q.get('since') && !q.get('from') && data.events.length > 0) { // all time: the span of what is listed
    const times = data.events.map((e) => Date.parse(e['event.received_at']));
    q.set('from', new Date(Math.min(...times)).toISOString());
    q.set('to', new Date(Math.max(...times) + 1000).toISOString());
  }
  try {
    const response = await fetch('api/chart?' + q.toString());
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error || response.statusText);
    const bars = $('chart-bars');
    bars.replaceChildren();
    const n = Math.max(answer.buckets.length, 1);
    const top = Math.max(1, ...answer.buckets.map((b) => b.requests));
    bars.setAttribute('viewBox', '0 0 ' + (n * 10) + ' 100');
    bars.setAttribute('preserveAspectRatio', 'none');
    answer.buckets.forEach((b, i) => {
      const g = svg('g', { class: 'bar', 'data-start': b.start, 'data-requests': b.requests,
        'data-client-errors': b.clientErrors, 'data-server-errors': b.serverErrors });
      const title = svg('title', {});
      title.textContent = b.start + ' UTC: ' + b.requests + ' requests, ' + b.clientErrors + ' 4xx, ' + b.serverErrors + ' 5xx';
      const h = (count) => 100 * count / top;
      g.append(title,
        svg('rect', { class: 'requests', x: i * 10 + 1, y: 100 - h(b.requests), width: 8, height: h(b.requests) }),
        svg('rect', { class: 'client-errors', x: i * 10 + 1, y: 100 - h(b.clientErrors + b.serverErrors), width: 8, height: h(b.clientErrors) }),
        svg('rect', { class: 'server-errors', x: i * 10 + 1, y: 100 - h(b.serverErrors), width: 8, height: h(b.serverErrors) }));
      bars.append(g);
    });
    const total = answer.buckets.reduce((s, b) => s + b.requests, 0);
    const errors = answer.buckets.reduce((s, b) => s + b.clientErrors + b.serverErrors, 0);
    $('chart-caption').textContent = total + ' requests, ' + errors + ' errors (4xx amber, 5xx red) per ' + answer.unit
      + ', from the archive (' + answer.engine + ')';
    figure.hidden = answer.buckets.length === 0;
  } catch (err) {
    $('chart-caption').textContent = 'chart: ' + err.message;
    $('chart-bars').replaceChildren();
    figure.hidden = false;
  }
}

// The live switch: one poll a second of the query's newest events; new ones join the list.
async function poll() {
  if (!current || !$('live').checked) return;
  const q = queryOf(params());
  q.set('live', '1');
  try {
    const response = await fetch('api/events?' + q.toString());
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || response.statusText);
    const known = new Set(current.events.map((e) => e['event.id']));
    const fresh = data.events.filter((e) => !known.has(e['event.id']));
    if (fresh.length === 0) return;
    const events = current.events.concat(fresh);
    events.sort((a, b) => Date.parse(a['event.received_at']) - Date.parse(b['event.received_at']));
    if (current.search) events.reverse();
    render(Object.assign({}, current, { events }));
  } catch (err) {
    $('summary').className = 'summary error';
    $('summary').textContent = 'live: ' + err.message;
  }
}

function setLive() {
  if (liveTimer) clearInterval(liveTimer);
  liveTimer = $('live').checked ? setInterval(poll, LIVE_MS) : null;
}

async function search(push) {
  const p = params();
  if (!$('value').value.trim()) return;
  if (push) history.pushState(null, '', '?' + p.toString());
  setLive();
  for (const [id, fmt] of [['export-json', 'jsonl'], ['export-csv', 'csv']]) {
    const q = queryOf(p); q.set('format', fmt);
    $(id).href = 'api/events?' + q.toString();
    $(id).hidden = false;
  }
  $('summary').className = 'summary';
  $('summary').textContent = 'Searching…';
  try {
    const response = await fetch('api/events?' + queryOf(p).toString());
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || response.statusText);
    render(data);
    chart(p, data);
  } catch (err) {
    refuse(err.message);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('since').addEventListener('change', () => { $('custom').hidden = $('since').value !== 'custom'; });
  $('kind').addEventListener('change', () => { $('path-filter').hidden = $('kind').value === 'path'; });
  $('all').addEventListener('change', () => { history.replaceState(null, '', '?' + params().toString()); if (current) render(current); });
  $('live').addEventListener('change', () => { history.replaceState(null, '', '?' + params().toString()); setLive(); });
  $('search').addEventListener('submit', (ev) => { ev.preventDefault(); search(true); });
  window.addEventListener('popstate', () => openLink(new URLSearchParams(location.search)));
  const initial = new URLSearchParams(location.search);
  if (KINDS.some((k) => initial.get(k)) || initial.get('path')) openLink(initial);
});
