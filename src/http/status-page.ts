import { createHash } from 'node:crypto';
import { STATUS_PAGE_SCRIPT } from './status-page-script.js';
import { STATUS_PAGE_STYLE } from './status-page-style.js';

/** The status page and the Content-Security-Policy that allows exactly its inline parts. */
export interface StatusPage {
  html: string;
  contentSecurityPolicy: string;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Builds the live status page: one HTML document, no framework, its CSS and JS inline. It
 * shows the server (`""`) and every named service, and follows the `watch` stream beside it.
 */
export function buildStatusPage(): StatusPage {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Health</title>
<style>${STATUS_PAGE_STYLE}</style>
</head>
<body>
<main>
  <header>
    <h1>Health<small id="host"></small></h1>
    <p class="connection" id="connection" data-state="connecting"><span class="dot"></span><span id="connection-text">connecting\u2026</span></p>
  </header>
  <section class="overall card" id="overall" data-status="SERVICE_UNKNOWN">
    <span class="name">Server</span><span class="since"></span><span class="pill">\u2026</span>
  </section>
  <h2>Services<span class="summary" id="summary"></span></h2>
  <ul class="services" id="services"></ul>
  <p class="empty" id="empty">No named services are registered.</p>
  <footer>grpc.health.v1 statuses, live from Server-Sent Events</footer>
</main>
<script>${STATUS_PAGE_SCRIPT}</script>
</body>
</html>
`;
  const contentSecurityPolicy = [
    "default-src 'none'",
    `style-src ${sha256(STATUS_PAGE_STYLE)}`,
    `script-src ${sha256(STATUS_PAGE_SCRIPT)}`,
    "connect-src 'self'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, contentSecurityPolicy };
}
