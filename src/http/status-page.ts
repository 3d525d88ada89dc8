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
 * Builds the live status page: one HTML document, no framework, no external asset, its CSS and
 * JS inline. It shows the server (`""`, explained) and every named service with since when,
 * a banner while the registry is shut down (draining), and the last changes; it follows the
 * `watch` stream beside it. It fits a phone's width and follows the system's dark mode.
 */
export function buildStatusPage(): StatusPage {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
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
  <section class="banner" id="drain" role="status" hidden>
    <strong>Shut down: draining</strong>
    <span>Every service reports Not serving until the registry resumes, so load balancers stop sending traffic; this is not a failure of the services. <span id="drain-since"></span></span>
  </section>
  <section class="overall card" id="overall" data-status="SERVICE_UNKNOWN">
    <div class="about">
      <span class="name">Server <code>""</code></span>
      <span class="hint">The server as a whole: what a health check of the empty service name <code>""</code> answers. Load balancers and Kubernetes probes usually ask this one; the application sets it, often from its dependencies below.</span>
    </div>
    <span class="since"></span><span class="pill">\u2026</span>
  </section>
  <h2>Services<span class="summary" id="summary"></span></h2>
  <ul class="services" id="services"></ul>
  <p class="empty" id="empty">No named services are registered.</p>
  <h2>Recent changes<span class="summary">newest first</span></h2>
  <ol class="timeline" id="timeline"></ol>
  <p class="empty" id="timeline-empty">No changes recorded yet.</p>
  <footer>grpc.health.v1 statuses, live from Server-Sent Events. \u201cSince\u201d is the server\u2019s time of the last change (for the server, its start if it never changed).</footer>
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
