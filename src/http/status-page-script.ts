/**
 * The status page's script, inlined into the page (and hashed for its CSP). It follows the
 * `watch` stream next to the page with an EventSource, so it works under any base path.
 * Names are shown with textContent only: a service name is never parsed as HTML.
 */
export const STATUS_PAGE_SCRIPT = `
'use strict';
const LABELS = { SERVING: 'Serving', NOT_SERVING: 'Not serving', SERVICE_UNKNOWN: 'Unknown', UNKNOWN: 'Unknown' };
const $ = (id) => document.getElementById(id);
const list = $('services');
const rows = new Map();
let seen = null; // the services of the snapshot being received, to drop stale rows after a reconnect

function clock() {
  return new Date().toLocaleTimeString([], { hour12: false });
}

function flash(element) {
  element.classList.remove('changed');
  void element.offsetWidth; // restarts the animation
  element.classList.add('changed');
}

function paint(element, status, live) {
  if (element.dataset.status === status) return;
  element.dataset.status = status;
  element.querySelector('.pill').textContent = LABELS[status] || status;
  element.querySelector('.since').textContent = live ? 'changed ' + clock() : '';
  if (live) flash(element);
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

function show(service, status, live) {
  if (seen) seen.add(service);
  if (service === '') {
    paint($('overall'), status, live);
    document.title = (LABELS[status] || status) + ' \\u2014 health';
  } else if (status === 'SERVICE_UNKNOWN') {
    rows.get(service)?.remove();
    rows.delete(service);
  } else {
    paint(row(service), status, live);
  }
  $('empty').hidden = rows.size > 0;
  const sick = [...rows.values()].filter((element) => element.dataset.status !== 'SERVING').length;
  $('summary').textContent = rows.size === 0 ? '' : rows.size + ' \u00b7 ' + (sick === 0 ? 'all serving' : sick + ' not serving');
}

function connection(state, text) {
  $('connection').dataset.state = state;
  $('connection-text').textContent = text;
}

$('host').textContent = location.host;
const source = new EventSource('watch');
source.addEventListener('open', () => {
  seen = new Set();
  connection('live', 'live');
});
source.addEventListener('status', (event) => {
  const { service, status } = JSON.parse(event.data);
  show(service, status, seen === null);
});
source.addEventListener('ready', () => {
  for (const service of [...rows.keys()]) if (!seen.has(service)) show(service, 'SERVICE_UNKNOWN', false);
  seen = null;
  document.body.dataset.ready = 'true';
});
source.addEventListener('end', () => connection('down', 'stream ended, reconnecting\\u2026'));
source.addEventListener('error', () => {
  if (source.readyState === EventSource.CLOSED) connection('down', 'disconnected');
  else if ($('connection').dataset.state !== 'down') connection('down', 'reconnecting\\u2026');
});
`;
