/** The HTML report's style sheet (inlined in the page; system fonts only, nothing fetched). */
export const REPORT_STYLE = `
:root {
  --bg: #f6f7f9; --panel: #fff; --ink: #1d2330; --muted: #667085; --line: #e4e7ec; --hover: #f2f5fa;
  --bad: #d92d20; --bad-bg: #fef3f2; --accent: #3559e0;
  --m0: #4e79a7; --m1: #f28e2b; --m2: #59a14f; --m3: #b07aa1; --m4: #76b7b2;
  --m5: #edc948; --m6: #e15759; --m7: #9c755f; --m8: #ff9da7; --m9: #8cd17d;
  color-scheme: light;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 28px 28px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 15px; margin: 0 0 10px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
h2.waterfalls { margin-top: 28px; }
h4 { margin: 12px 0 6px; font-size: 13px; }
.sub, .hint { color: var(--muted); margin: 2px 0; font-size: 13px; }
.hint { margin-bottom: 10px; }
.mono, pre, .tool-id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
.cards { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 12px; margin: 20px 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.card-label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
.card-value { font-size: 22px; font-weight: 600; margin-top: 2px; font-variant-numeric: tabular-nums; }
.card.bad .card-value { color: var(--bad); }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; margin-bottom: 16px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
.num { text-align: right; }
th button { font: inherit; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
th[aria-sort="ascending"], th[aria-sort="descending"] { color: var(--accent); }
.correlations tbody tr { cursor: pointer; }
.correlations tbody tr:hover { background: var(--hover); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 3px; margin-right: 8px; flex: none; }
details.correlation { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; margin: 0 0 14px; overflow: hidden; }
details.correlation > summary { cursor: pointer; padding: 12px 16px; display: flex; gap: 14px; align-items: baseline; flex-wrap: wrap; }
details.correlation[open] > summary { border-bottom: 1px solid var(--line); }
summary .meta { color: var(--ink); }
summary .started { color: var(--muted); margin-left: auto; font-size: 12px; }
.waterfall { padding: 4px 0 8px; }
.axis, .call { display: grid; grid-template-columns: 340px minmax(0, 1fr); align-items: center; }
.axis { color: var(--muted); font-size: 11.5px; height: 28px; }
.axis .label { padding-left: 16px; }
.track { position: relative; height: 100%; margin-right: 56px; }
.axis .track { border-left: 1px solid var(--line); }
.tick { position: absolute; top: 6px; transform: translateX(4px); white-space: nowrap; }
.tick.last { transform: translateX(-100%); }
.call { min-height: 32px; cursor: pointer; border-top: 1px solid transparent; }
.call:hover, .call[aria-expanded="true"] { background: var(--hover); }
.call:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
.call .label { display: flex; align-items: center; gap: 0; min-width: 0; overflow: hidden; padding-right: 10px; }
.call .track { height: 32px; background-image: linear-gradient(to right, var(--line) 1px, transparent 1px);
  background-size: 25% 100%; }
.model { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.section { color: var(--muted); font-size: 12px; margin-left: 8px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.badge { background: var(--bad-bg); color: var(--bad); border-radius: 999px; font-size: 11px; font-weight: 600; padding: 0 7px; margin-left: 6px; }
.bar { position: absolute; top: 8px; height: 16px; border-radius: 4px; opacity: 0.92; }
.status-error .bar, .status-cancelled .bar { background-image: repeating-linear-gradient(135deg, transparent 0 5px, rgba(255,255,255,0.45) 5px 9px); outline: 2px solid var(--bad); }
.call.critical .bar { box-shadow: 0 0 0 2px var(--ink); }
.call:not(.critical) .bar { opacity: 0.45; }
.call.critical .model { font-weight: 600; }
.bar-text { position: absolute; top: 7px; font-size: 12px; color: var(--muted); white-space: nowrap; font-variant-numeric: tabular-nums; }
.call-details { margin: 0 16px 10px 16px; padding: 12px 16px; border: 1px solid var(--line); border-radius: 8px; background: #fbfcfd; }
.call-details dl { display: grid; grid-template-columns: max-content minmax(0, 1fr) max-content minmax(0, 1fr); gap: 4px 16px; margin: 0; }
.call-details dt { color: var(--muted); }
.call-details dd { margin: 0; overflow-wrap: anywhere; }
.error { margin-top: 12px; padding: 10px 12px; border-radius: 6px; background: var(--bad-bg); color: var(--bad); }
.error div { color: var(--ink); margin-top: 2px; overflow-wrap: anywhere; }
.tools { margin: 0; padding-left: 20px; }
.tools li { margin: 4px 0 8px; }
.tool-name { font-weight: 600; }
.tool-id { color: var(--muted); margin-left: 8px; }
pre { margin: 4px 0 0; padding: 8px 10px; background: var(--bg); border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 320px; overflow: auto; }
.empty { color: var(--muted); }
@media (max-width: 960px) {
  .cards { grid-template-columns: repeat(3, minmax(0, 1fr)); }
  .axis, .call { grid-template-columns: 220px minmax(0, 1fr); }
}
`;
