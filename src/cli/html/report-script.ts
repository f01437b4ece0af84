/**
 * The HTML report's script (plain browser JavaScript, inlined in the page). It reads the JSON in
 * `#report-data` and builds the page with `createElement` and text nodes only: no `innerHTML`, so
 * a model name or a tool argument from the log is always text, never markup.
 */
export const REPORT_SCRIPT = `
'use strict';
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var header = data.header;
  var graphs = data.graphs;

  function h(tag, props) {
    var node = document.createElement(tag);
    var key;
    for (key in props || {}) {
      var value = props[key];
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'style') Object.assign(node.style, value);
      else if (key.slice(0, 2) === 'on') node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function append(node, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(node, c); });
    else node.append(child);
  }
  function colour(index) { return 'var(--m' + index + ')'; }

  function cards() {
    var t = header.totals;
    var items = [['Correlations', t.correlations], ['LLM calls', t.calls], ['Cost', t.cost],
      ['Tokens', t.tokens], ['Work time', t.work], ['Errors', t.errors]];
    return h('section', { class: 'cards', 'aria-label': 'Totals' }, items.map(function (item) {
      return h('div', { class: 'card' + (item[0] === 'Errors' && item[1] !== '0' ? ' bad' : '') },
        h('div', { class: 'card-label' }, item[0]), h('div', { class: 'card-value' }, item[1]));
    }));
  }

  function modelsTable() {
    return h('section', { class: 'panel' }, h('h2', {}, 'Models'),
      h('table', { class: 'models' },
        h('thead', {}, h('tr', {}, ['Model', 'Provider', 'Calls', 'Cost', 'Tokens'].map(function (name, i) {
          return h('th', { class: i > 1 ? 'num' : null }, name);
        }))),
        h('tbody', {}, header.models.map(function (row) {
          return h('tr', {},
            h('td', {}, h('span', { class: 'swatch', style: { background: colour(row.colour) } }), row.model),
            h('td', {}, row.provider), h('td', { class: 'num' }, row.calls),
            h('td', { class: 'num' }, row.cost), h('td', { class: 'num' }, row.tokens));
        }))));
  }

  var COLUMNS = [
    { key: 'id', label: 'Correlation', text: 'id', numeric: false },
    { key: 'start', label: 'Started', text: 'startText', numeric: true },
    { key: 'calls', label: 'Calls', text: 'calls', numeric: true },
    { key: 'cost', label: 'Cost', text: 'costText', numeric: true },
    { key: 'work', label: 'Work', text: 'workText', numeric: true },
    { key: 'wall', label: 'Wall clock', text: 'wallText', numeric: true },
    { key: 'tokens', label: 'Tokens', text: 'tokensText', numeric: true },
    { key: 'errors', label: 'Errors', text: 'errors', numeric: true }
  ];

  // Makes a table's headings sort its rows: numbers largest first on the first click, text
  // A to Z; unknown values always last; ties keep the original order.
  function sortable(columns, rows, body, valueOf) {
    var order = rows.map(function (_, index) { return index; });
    var heads = columns.map(function (column, c) {
      var button = h('button', { type: 'button', 'data-sort': column.key }, column.label);
      var th = h('th', { class: column.numeric && column.key !== 'start' ? 'num' : null, 'aria-sort': 'none' }, button);
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') === 'none'
          ? !column.numeric || column.key === 'start'
          : th.getAttribute('aria-sort') === 'descending';
        heads.forEach(function (other) { other.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        order.sort(function (a, b) {
          var x = valueOf(a, column, c);
          var y = valueOf(b, column, c);
          var unknownX = x === null || x === undefined;
          var unknownY = y === null || y === undefined;
          if (unknownX || unknownY) return unknownX === unknownY ? a - b : unknownX ? 1 : -1;
          var sign = x < y ? -1 : x > y ? 1 : 0;
          return (ascending ? sign : -sign) || a - b;
        });
        order.forEach(function (index) { body.append(rows[index]); });
      });
      return th;
    });
    return heads;
  }

  function correlationsTable(sections) {
    var rows = graphs.map(function (graph, index) {
      return h('tr', { 'data-correlation': graph.id, tabindex: '0', title: 'Show its waterfall',
        onclick: function () { reveal(sections[index]); },
        onkeydown: function (event) { if (event.key === 'Enter') reveal(sections[index]); } },
        COLUMNS.map(function (column) {
          return h('td', { class: column.numeric && column.key !== 'start' ? 'num' : (column.key === 'id' ? 'mono' : null) },
            String(graph[column.text]));
        }));
    });
    var body = h('tbody', {}, rows);
    var heads = sortable(COLUMNS, rows, body, function (index, column) { return graphs[index][column.key]; });
    return h('section', { class: 'panel' }, h('h2', {}, 'Correlations'),
      h('p', { class: 'hint' }, 'Click a heading to sort, a row to see its waterfall.'),
      h('div', { class: 'scroll' }, h('table', { class: 'correlations' }, h('thead', {}, h('tr', {}, heads)), body)));
  }

  // One sortable table per --group-by grouping.
  function groupingTable(grouping) {
    var columns = grouping.headings.map(function (heading, i) {
      return { key: heading, label: heading, numeric: i >= grouping.by.length };
    });
    var rows = grouping.rows.map(function (row) {
      return h('tr', {}, row.cells.map(function (cell, i) {
        return h('td', { class: columns[i].numeric ? 'num' : null }, cell);
      }));
    });
    var body = h('tbody', {}, rows);
    var heads = sortable(columns, rows, body, function (index, _, c) { return grouping.rows[index].values[c]; });
    return h('section', { class: 'panel grouping', 'data-group-by': grouping.by.join(',') },
      h('h2', {}, 'Calls by ' + grouping.by.join(', ')),
      h('p', { class: 'hint' }, 'Click a heading to sort. Latencies are nearest-rank percentiles; wasted is the cost of failed calls and of attempts a retry superseded.'),
      h('div', { class: 'scroll' }, h('table', { class: 'groups' }, h('thead', {}, h('tr', {}, heads)), body)));
  }

  function reveal(section) {
    section.open = true;
    section.scrollIntoView({ block: 'start' });
  }

  function detailsOf(call) {
    var parts = [h('dl', {}, call.fields.map(function (field) {
      return [h('dt', {}, field[0]), h('dd', {}, field[1])];
    }))];
    if (call.error) {
      parts.push(h('div', { class: 'error' },
        h('strong', {}, call.error.type + (call.error.status === null ? '' : ' (HTTP ' + call.error.status + ')')),
        h('div', {}, call.error.message)));
    }
    if (call.toolCalls.length > 0) {
      parts.push(h('h4', {}, 'Tool calls'), h('ol', { class: 'tools' }, call.toolCalls.map(function (tool) {
        return h('li', {}, h('span', { class: 'tool-name' }, tool.name),
          tool.id ? h('span', { class: 'tool-id' }, tool.id) : null,
          h('pre', {}, tool.arguments));
      })));
    }
    return parts;
  }

  function callRow(graph, call) {
    var span = graph.wall > 0 ? graph.wall : 1;
    var left = (call.start / span) * 100;
    var width = graph.wall > 0 ? (call.latency / span) * 100 : 100;
    var late = left + width > 78;
    var panel = h('div', { class: 'call-details', hidden: true }, detailsOf(call));
    var row = h('div', { class: 'call status-' + call.status + (call.critical ? ' critical' : ''), role: 'button', tabindex: '0',
        'aria-expanded': 'false', 'data-event-id': call.id, title: call.critical ? 'On the critical path' : null },
      h('div', { class: 'label', style: { paddingLeft: 10 + Math.min(call.depth, 24) * 18 + 'px' } },
        h('span', { class: 'swatch', style: { background: colour(call.colour) } }),
        h('span', { class: 'model' }, call.model),
        call.status === 'ok' ? null : h('span', { class: 'badge' }, call.status),
        call.section ? h('span', { class: 'section' }, call.section) : null),
      h('div', { class: 'track' },
        h('div', { class: 'bar', style: { left: left + '%', width: 'max(3px, ' + width + '%)', background: colour(call.colour) } }),
        h('span', { class: 'bar-text', style: late ? { right: 100 - left + '%', marginRight: '6px' } : { left: left + width + '%', marginLeft: '6px' } },
          call.latencyText + (call.toolCalls.length > 0 ? ' · ' + call.toolCalls.length + ' tool' + (call.toolCalls.length === 1 ? '' : 's') : ''))));
    function toggle() {
      panel.hidden = !panel.hidden;
      row.setAttribute('aria-expanded', String(!panel.hidden));
    }
    row.addEventListener('click', toggle);
    row.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); toggle(); }
    });
    return [row, panel];
  }

  function waterfall(graph) {
    return h('div', { class: 'waterfall' },
      h('div', { class: 'axis' }, h('div', { class: 'label' }, 'Call'),
        h('div', { class: 'track' }, graph.ticks.map(function (tick, i) {
          return h('span', { class: 'tick' + (i === graph.ticks.length - 1 ? ' last' : ''), style: { left: tick.at + '%' } }, tick.text);
        }))),
      graph.nodes.map(function (call) { return callRow(graph, call); }));
  }

  function correlationSection(graph, index) {
    var meta = [graph.calls + (graph.calls === 1 ? ' call' : ' calls'), graph.costText,
      graph.workText + ' work', graph.wallText + ' wall', graph.tokensText];
    if (graph.errors > 0) meta.push(graph.errors + (graph.errors === 1 ? ' error' : ' errors'));
    meta.push('critical path ' + graph.criticalCalls + (graph.criticalCalls === 1 ? ' call' : ' calls'));
    if (graph.ttftText !== null) meta.push(graph.ttftText + ' waiting on first tokens');
    var section = h('details', { class: 'correlation', 'data-correlation': graph.id },
      h('summary', {}, h('span', { class: 'mono' }, graph.id), h('span', { class: 'meta' }, meta.join(' · ')),
        h('span', { class: 'started' }, graph.startText)));
    var drawn = false;
    function draw() {
      if (drawn || !section.open) return;
      drawn = true;
      section.append(waterfall(graph));
    }
    section.addEventListener('toggle', draw);
    section.open = index < 20;
    draw();
    return section;
  }

  function statsLine() {
    var s = header.stats;
    var parts = [[s.events, 'events'], [s.otherLines, 'other lines'], [s.malformedLines, 'malformed'],
      [s.blankLines, 'blank'], [s.truncatedLines, 'truncated'], [s.oversizedLines, 'oversized'],
      [s.orphans, 'orphans'], [s.duplicates, 'duplicates'], [s.cycles, 'cycles cut'],
      [s.excludedEvents, 'excluded by filters']]
      .filter(function (part, i) { return part[0] > 0 || i < 2; })
      .map(function (part) { return part[0].toLocaleString('en-US') + ' ' + part[1]; });
    return s.lines.toLocaleString('en-US') + ' lines read from ' + s.files.join(', ') + ': ' + parts.join(' · ');
  }

  var sections = graphs.map(correlationSection);
  var app = document.getElementById('app');
  app.textContent = '';
  append(app, [
    h('header', {}, h('h1', {}, 'LLM calls'), h('p', { class: 'sub' }, statsLine()),
      h('p', { class: 'sub' }, 'Generated ' + header.generatedAt + ' by leanllm-logs')),
    cards(),
    correlationsTable(sections),
    modelsTable(),
    header.groupings.map(groupingTable),
    h('h2', { class: 'waterfalls' }, 'Waterfalls'),
    h('p', { class: 'hint' }, 'Bars start when a call started and last as long as it took, nested under the call that made them, coloured by model; outlined bars are the critical path (the calls that set the wall-clock time), the others paler. Click a call for its details.'),
    sections.length === 0 ? h('p', { class: 'empty' }, 'No llm.call event in the input.') : sections
  ]);
})();
`;
