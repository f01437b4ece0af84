/** `leanllm-logs --help`. */
export const HELP = `Usage: leanllm-logs [options] [files...]
       leanllm-logs diff BEFORE AFTER [--group-by KEYS] [--format json] [budgets]

Reads pino NDJSON logs (files, .gz files, or stdin when no file or '-' is given) and prints
the llm.call events as execution graphs: a tree per correlation with cost, latency and tokens
per call and per subtree.

Options:
  -f, --format <tree|json|summary|html|otlp>
                                    output: call trees (default), one JSON document, a
                                    one-screen summary, a self-contained HTML report
                                    (waterfalls, roll-ups, sortable correlations), or an
                                    OTLP/JSON trace export (a span per call)
  -o, --output <file>               write the output to <file> instead of stdout
  -c, --correlation <id>            only this correlation (repeatable)
  -e, --event <id>                  only this call's subtree and its ancestors (repeatable)
  -s, --sort <time|cost|latency|tokens>
                                    order of the graphs (default: time; summary: cost)
  -n, --top <n>                     only the first n graphs (summary: n correlations listed)
      --since <time>                only calls running at or after <time>
      --until <time>                only calls running at or before <time>
                                    <time>: ISO 8601 (2026-11-23T10:00:00Z), epoch ms, or a
                                    duration ago (90s, 15m, 2h, 7d)
      --strict                      also parse every other line; exit 1 if any line is malformed
      --reprice                     recompute every cost with the installed price data and
                                    show logged against repriced totals per model
      --prices <file>               reprice with your prices (JSON, as configure({ pricing }))
  -j, --jobs <n>                    read with n threads: plain files by byte range, stdin and
                                    gzip through a worker (default: one per core, for inputs
                                    of 8 MB or more; streams on 3 cores or more)
      --group-by <keys>             a table of calls, errors, cost, tokens, p50/p95/max latency
                                    and wasted cost per group; keys, comma-separated: user,
                                    session, feature, environment, section, model, provider,
                                    correlation, tag:<key> (repeatable: one table each)
      --max-cost <usd>              budgets, per group with --group-by, else on the totals:
      --max-p95-latency <ms>        a breach is named on stderr and the exit status is 1
      --max-error-rate <fraction>
  -F, --follow                      keep reading the file as it grows (across rotation and
                                    truncation) or stdin until it closes; print each
                                    correlation once idle; Ctrl-C prints the totals
      --idle <duration>             how long a correlation is quiet before --follow prints it
                                    (default 5s; 500ms, 2s, 1m)
  -h, --help                        show this help
  -v, --version                     show the version

diff compares two logs per group (default: by model): calls, cost, tokens, p95 latency and
error rate before and after, with the change; budgets apply to AFTER.

Exit status: 0 done; 1 over a budget, or --strict and a malformed line; 2 bad arguments or an
unreadable input; 130 --follow ended by Ctrl-C.
Colours only on a terminal, never with NO_COLOR. Every line is counted: see the stats in
--format json, or the summary.
`;
