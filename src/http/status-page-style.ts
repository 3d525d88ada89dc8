/** The status page's stylesheet, inlined into the page (and hashed for its CSP). */
export const STATUS_PAGE_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --card: #ffffff; --text: #1f2328; --muted: #656d76; --line: #d8dee4;
  --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9;
  --unknown: #6e7781; --unknown-bg: #eaeef2;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --card: #161b22; --text: #e6edf3; --muted: #8d96a0; --line: #30363d;
    --ok: #3fb950; --ok-bg: #12261e; --bad: #f85149; --bad-bg: #2d1517;
    --unknown: #8d96a0; --unknown-bg: #21262d;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
}
main { max-width: 44rem; margin: 0 auto; padding: 2rem 1.25rem; }
header { display: flex; align-items: baseline; justify-content: space-between; gap: 1rem; }
h1 { font-size: 1.35rem; margin: 0; }
h1 small { color: var(--muted); font-weight: 400; font-size: .95rem; margin-left: .4rem; }
.connection { color: var(--muted); font-size: .85rem; margin: 0; white-space: nowrap; }
.dot {
  display: inline-block; width: .55rem; height: .55rem; border-radius: 50%;
  margin-right: .4rem; background: var(--unknown);
}
.connection[data-state="live"] .dot { background: var(--ok); box-shadow: 0 0 0 3px var(--ok-bg); }
.connection[data-state="down"] .dot { background: var(--bad); }
.card {
  background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  border-left: 5px solid var(--unknown);
}
[data-status="SERVING"].card { border-left-color: var(--ok); }
[data-status="NOT_SERVING"].card { border-left-color: var(--bad); }
.overall {
  display: flex; align-items: center; justify-content: space-between;
  margin: 1.25rem 0; padding: 1.1rem 1.25rem;
}
.overall .name { flex: 1; font-size: 1.1rem; font-weight: 600; }
.overall .pill { font-size: .95rem; padding: .3rem .9rem; min-width: 8rem; }
.overall .since { margin-right: .75rem; }
h2 {
  font-size: .8rem; text-transform: uppercase; letter-spacing: .06em;
  color: var(--muted); margin: 1.5rem 0 .5rem;
}
h2 .summary { text-transform: none; letter-spacing: 0; font-weight: 400; margin-left: .5rem; }
.services { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem; }
.service { display: flex; align-items: center; gap: .75rem; padding: .65rem 1rem; }
.service .name {
  flex: 1; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9rem;
  overflow-wrap: anywhere;
}
.since { color: var(--muted); font-size: .8rem; white-space: nowrap; }
.pill {
  border-radius: 999px; padding: .15rem .7rem; font-size: .8rem; font-weight: 600;
  white-space: nowrap; color: var(--unknown); background: var(--unknown-bg);
  min-width: 6.5rem; text-align: center;
}
[data-status="SERVING"] > .pill { color: var(--ok); background: var(--ok-bg); }
[data-status="NOT_SERVING"] > .pill { color: var(--bad); background: var(--bad-bg); }
.changed { animation: flash 1.2s ease-out; }
@keyframes flash { from { box-shadow: 0 0 0 3px var(--line); } to { box-shadow: 0 0 0 0 transparent; } }
.empty { color: var(--muted); font-size: .9rem; margin: .25rem 0; }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; }
`;
