/** `leanllm-logs --help`. */
export const HELP = `Usage: leanllm-logs [options] [files...]

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
  -j, --jobs <n>                    read plain files with n threads, each a byte range
                                    (default: one per core, for inputs of 8 MB or more)
  -h, --help                        show this help
  -v, --version                     show the version

Exit status: 0 done; 1 --strict and a malformed line; 2 bad arguments or an unreadable input.
Colours only on a terminal, never with NO_COLOR. Every line is counted: see the stats in
--format json, or the summary.
`;
