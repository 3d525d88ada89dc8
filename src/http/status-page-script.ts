/**
 * The status page's script, inlined into the page (and hashed for its CSP). It follows the
 * `watch` stream next to the page with an EventSource, so it works under any base path, with
 * or without a trailing slash. Names are shown with textContent only: a service name is never
 * parsed as HTML. Times come from the server (`since`, `at`, `now`), shown in local time.
 */
export const STATUS_PAGE_SCRIPT = `
'use strict';
const LABELS = { SERVING: 'Serving', NOT_SERVING: 'Not serving', SERVICE_UNKNOWN: 'Unknown', UNKNOWN: 'Unknown' };
const KEEP = 100; // timeline entries kept, as many as the server keeps by default
const $ = (id) => document.getElementById(id);
const list = $('services');
const rows = new Map();
let seen = null; // the services of the snapshot being received, to drop stale rows after a reconnect
let skew = 0; // the server's clock minus the browser's
let shutdown = false;
let timeline = [];

const now = () => Date.now() + skew;
function time(ms) {
  const date = new Date(ms);
  const sameDay = new Date(now()).toDateString() === date.toDateString();
  return sameDay ? date.toLocaleTimeString([], { hour12: false }) : date.toLocaleString([], { hour12: false });
}
function ago(ms) {
  const s = Math.max(0, Math.round((now() - ms) / 1000));
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min';
  if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  return Math.floor(s / 86400) + ' d';
}
function sinceText(element) {
  const since = Number(element.dataset.since);
  return element.dataset.since ? 'since ' + time(since) + ' \\u00b7 ' + ago(since) : '';
}
function refresh() {
  for (const element of [$('overall'), ...rows.values()]) element.querySelector('.since').textContent = sinceText(element);
  const at = document.body.dataset.shutdownAt;
  $('drain-since').textContent = shutdown && at ? 'since ' + time(Number(at)) + ' (' + ago(Number(at)) + ')' : '';
}

function flash(element) {
  element.classList.remove('changed');
  void element.offsetWidth; // restarts the animation
  element.classList.add('changed');
}

function paint(element, status, since, live) {
  if (since !== undefined) element.dataset.since = String(since);
  if (element.dataset.status !== status) {
    element.dataset.status = status;
    element.querySelector('.pill').textContent = LABELS[status] || status;
    if (live) flash(element);
  }
  element.querySelector('.since').textContent = sinceText(element);
}

function row(service) {
  let element = rows.get(service);
  if (element) return element;
  element = document.createElement('li');
  element.className = 'service card';
  element.dataset.service = service;
  for (const part of ['name', 'since', 'pill']) {
    const span = document.createElement('span');
    span.className = part;
    element.append(span);
  }
  element.querySelector('.name').textContent = service;
  const after = [...rows.keys()].filter((name) => name > service).sort()[0];
  list.insertBefore(element, after === undefined ? null : rows.get(after));
  rows.set(service, element);
  return element;
}

function title() {
  const overall = $('overall').dataset.status;
  document.title = (shutdown ? 'Shut down' : LABELS[overall] || overall) + ' \\u2014 health';
}

function show(service, status, since, live) {
  if (seen) seen.add(service);
  if (service === '') {
    paint($('overall'), status, since, live);
  } else if (status === 'SERVICE_UNKNOWN') {
    rows.get(service)?.remove();
    rows.delete(service);
  } else {
    paint(row(service), status, since, live);
  }
  title();
  $('empty').hidden = rows.size > 0;
  const sick = [...rows.values()].filter((element) => element.dataset.status !== 'SERVING').length;
  $('summary').textContent = rows.size === 0 ? '' : rows.size + ' \\u00b7 ' + (sick === 0 ? 'all serving' : sick + ' not serving');
}

function drain(value, at) {
  shutdown = value;
  document.body.dataset.shutdown = String(value);
  if (at === undefined) delete document.body.dataset.shutdownAt;
  else document.body.dataset.shutdownAt = String(at);
  $('drain').hidden = !value;
  refresh();
  title();
}

function paintTimeline() {
  const items = timeline.slice(-KEEP).reverse().map((entry) => {
    const item = document.createElement('li');
    const at = document.createElement('time');
    at.textContent = time(entry.at);
    at.dateTime = new Date(entry.at).toISOString();
    const what = document.createElement('span');
    what.className = 'what';
    if ('shutdown' in entry) {
      item.dataset.kind = entry.shutdown ? 'shutdown' : 'resume';
      what.textContent = entry.shutdown ? 'Shut down: draining' : 'Resumed';
    } else {
      item.dataset.status = entry.status;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = entry.service === '' ? 'Server ("")' : entry.service;
      const status = document.createElement('span');
      status.className = 'pill';
      status.textContent = entry.status === 'SERVICE_UNKNOWN' ? 'Removed' : LABELS[entry.status] || entry.status;
      what.append(name, status);
    }
    item.append(at, what);
    return item;
  });
  $('timeline').replaceChildren(...items);
  $('timeline-empty').hidden = items.length > 0;
}
function record(entry) {
  timeline.push(entry);
  if (timeline.length > KEEP) timeline.shift();
  paintTimeline();
}

function connection(state, text) {
  $('connection').dataset.state = state;
  $('connection-text').textContent = text;
}

$('host').textContent = location.host;
// NOTE: relative to the page, so that any base path works; from ".../ui/" the stream is one level up.
const source = new EventSource(location.pathname.endsWith('/') ? '../watch' : 'watch');
source.addEventListener('open', () => {
  seen = new Set();
  connection('live', 'live');
});
source.addEventListener('status', (event) => {
  const { service, status, since } = JSON.parse(event.data);
  const live = seen === null;
  show(service, status, since, live);
  if (live) record({ at: since ?? now(), service, status });
});
source.addEventListener('shutdown', (event) => {
  const { shutdown: value, at } = JSON.parse(event.data);
  if (seen === null && value !== shutdown) record({ at: at ?? now(), shutdown: value });
  drain(value, at);
});
source.addEventListener('timeline', (event) => {
  timeline = JSON.parse(event.data).entries;
  paintTimeline();
});
source.addEventListener('ready', (event) => {
  const { now: serverNow } = JSON.parse(event.data);
  if (typeof serverNow === 'number') skew = serverNow - Date.now();
  for (const service of [...rows.keys()]) if (!seen.has(service)) show(service, 'SERVICE_UNKNOWN', undefined, false);
  seen = null;
  refresh();
  document.body.dataset.ready = 'true';
});
source.addEventListener('end', () => connection('down', 'stream ended, reconnecting\\u2026'));
source.addEventListener('error', () => {
  if (source.readyState === EventSource.CLOSED) connection('down', 'disconnected');
  else if ($('connection').dataset.state !== 'down') connection('down', 'reconnecting\\u2026');
});
setInterval(refresh, 10000);
`;
