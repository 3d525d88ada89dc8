/** The status page's stylesheet, inlined into the page (and hashed for its CSP). */
export const STATUS_PAGE_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --card: #ffffff; --text: #1f2328; --muted: #59636e; --line: #d8dee4;
  --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9;
  --warn: #9a6700; --warn-bg: #fff8c5; --unknown: #6e7781; --unknown-bg: #eaeef2;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --card: #161b22; --text: #e6edf3; --muted: #9198a1; --line: #30363d;
    --ok: #3fb950; --ok-bg: #12261e; --bad: #f85149; --bad-bg: #2d1517;
    --warn: #d29922; --warn-bg: #272115; --unknown: #9198a1; --unknown-bg: #21262d;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
}
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem; }
header { display: flex; align-items: baseline; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
h1 { font-size: 1.35rem; margin: 0; }
h1 small { color: var(--muted); font-weight: 400; font-size: .95rem; margin-left: .4rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
.connection { color: var(--muted); font-size: .85rem; margin: 0; white-space: nowrap; }
.dot {
  display: inline-block; width: .55rem; height: .55rem; border-radius: 50%;
  margin-right: .4rem; background: var(--unknown);
}
.connection[data-state="live"] .dot { background: var(--ok); box-shadow: 0 0 0 3px var(--ok-bg); }
.connection[data-state="down"] .dot { background: var(--bad); }
.banner {
  margin: 1.25rem 0 0; padding: .8rem 1.1rem; border-radius: 10px;
  background: var(--warn-bg); color: var(--text); border: 1px solid var(--warn); border-left-width: 5px;
}
.banner strong { display: block; color: var(--warn); }
.banner span { font-size: .9rem; }
.banner #drain-since { display: block; color: var(--muted); margin-top: .2rem; }
.card {
  background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  border-left: 5px solid var(--unknown);
}
[data-status="SERVING"].card { border-left-color: var(--ok); }
[data-status="NOT_SERVING"].card { border-left-color: var(--bad); }
[data-shutdown="true"] [data-status="NOT_SERVING"].card { border-left-color: var(--warn); }
.overall {
  display: flex; align-items: center; gap: .75rem; flex-wrap: wrap;
  margin: 1.25rem 0; padding: 1.1rem 1.25rem;
}
.overall .about { flex: 1 1 16rem; min-width: 0; }
.overall .name { display: block; font-size: 1.1rem; font-weight: 600; }
.overall .hint { display: block; color: var(--muted); font-size: .8rem; margin-top: .15rem; }
.overall .pill { font-size: .95rem; padding: .3rem .9rem; min-width: 8rem; }
h2 {
  font-size: .8rem; text-transform: uppercase; letter-spacing: .06em;
  color: var(--muted); margin: 1.5rem 0 .5rem;
}
h2 .summary { text-transform: none; letter-spacing: 0; font-weight: 400; margin-left: .5rem; }
.services { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem; }
.service { display: flex; align-items: center; gap: .35rem .75rem; padding: .65rem 1rem; flex-wrap: wrap; }
.service .name {
  flex: 1 1 12rem; min-width: 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9rem;
  overflow-wrap: anywhere;
}
.since { color: var(--muted); font-size: .8rem; white-space: nowrap; }
.pill {
  border-radius: 999px; padding: .15rem .7rem; font-size: .8rem; font-weight: 600;
  white-space: nowrap; color: var(--unknown); background: var(--unknown-bg);
  min-width: 6.5rem; text-align: center;
}
[data-status="SERVING"] > .pill, [data-status="SERVING"] .pill { color: var(--ok); background: var(--ok-bg); }
[data-status="NOT_SERVING"] > .pill, [data-status="NOT_SERVING"] .pill { color: var(--bad); background: var(--bad-bg); }
.timeline { list-style: none; margin: 0; padding: 0 0 0 .6rem; max-height: 22rem; overflow-y: auto; }
.timeline li {
  display: flex; gap: .75rem; align-items: baseline; padding: .3rem 0 .3rem .9rem; position: relative;
  font-size: .85rem; border-left: 2px solid var(--line);
}
.timeline li::before {
  content: ""; position: absolute; left: -.4rem; top: .75rem; width: .6rem; height: .6rem; border-radius: 50%;
  background: var(--unknown); border: 2px solid var(--bg);
}
.timeline li[data-status="SERVING"]::before { background: var(--ok); }
.timeline li[data-status="NOT_SERVING"]::before { background: var(--bad); }
.timeline li[data-kind]::before { background: var(--warn); }
.timeline time { color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
.timeline .what { display: flex; gap: .5rem; align-items: baseline; flex-wrap: wrap; min-width: 0; }
.timeline .name { font-family: ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
.timeline .pill { min-width: 0; font-size: .75rem; padding: 0 .5rem; }
.timeline li[data-kind] .what { font-weight: 600; color: var(--warn); }
.changed { animation: flash 1.2s ease-out; }
@keyframes flash { from { box-shadow: 0 0 0 3px var(--line); } to { box-shadow: 0 0 0 0 transparent; } }
.empty { color: var(--muted); font-size: .9rem; margin: .25rem 0; }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; }
@media (max-width: 30rem) {
  main { padding: 1.25rem .85rem; }
  .overall { padding: .9rem 1rem; }
  .overall .pill { min-width: 0; }
  .service .name { flex-basis: 100%; }
  .service .since { flex: 1; }
  .pill { min-width: 0; }
}
`;
