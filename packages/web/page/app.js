// The live status page: reads /api/v1/events (server-sent events, one message per second with every run, its view
// and its recent rates) and draws the selected run: figures, topology graph, a uPlot chart of tuples/s, tables.
'use strict';

const HISTORY_POINTS = 180;
const state = { selected: null, history: new Map(), chart: null, chartKey: '' };

const $ = (id) => document.getElementById(id);
const fmt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: 1 }));
const ms = (n) => (n === null || n === undefined ? '–' : `${Number(n).toLocaleString('en-US', { maximumFractionDigits: 3 })} ms`);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const grouping = (g) => (g.type === 'fields' ? `fields(${g.fields.join(', ')})` : g.type);
const componentRate = (rates, c) => {
  const r = rates.components[c.id];
  if (!r) return null;
  return c.kind === 'spout' ? r.emitted : r.executed;
};

function connect() {
  const events = new EventSource('/api/v1/events');
  events.addEventListener('open', () => ($('connection').textContent = 'live'));
  events.addEventListener('error', () => ($('connection').textContent = 'reconnecting…'));
  events.addEventListener('runs', (e) => render(JSON.parse(e.data).runs));
}

function render(runs) {
  renderTabs(runs);
  $('empty').hidden = runs.length > 0;
  $('run').hidden = runs.length === 0;
  if (runs.length === 0) return;
  if (!runs.some((r) => r.view.id === state.selected)) state.selected = runs[0].view.id;
  for (const run of runs) remember(run);
  const run = runs.find((r) => r.view.id === state.selected);
  renderCards(run);
  renderGraph(run);
  renderChart(run);
  renderComponents(run);
  renderTasks(run);
  renderWorkers(run.view);
  renderUserMetrics(run.view);
  renderErrors(run.view);
}

function renderTabs(runs) {
  const nav = $('runs');
  const key = runs.map((r) => r.view.id).join('|');
  if (nav.dataset.key !== key) {
    nav.dataset.key = key;
    nav.innerHTML = runs
      .map((r) => `<button data-id="${esc(r.view.id)}">${esc(r.view.name)} <span class="muted">${esc(r.view.runtime)}</span></button>`)
      .join('');
    for (const b of nav.querySelectorAll('button'))
      b.addEventListener('click', () => ((state.selected = b.dataset.id), (state.chartKey = '')));
  }
  for (const b of nav.querySelectorAll('button')) b.classList.toggle('selected', b.dataset.id === state.selected);
}

function renderCards({ view, rates }) {
  const spouts = view.components.filter((c) => c.kind === 'spout');
  const acked = spouts.reduce((n, c) => n + c.acked, 0);
  const failed = spouts.reduce((n, c) => n + c.failed, 0);
  const ackRate = spouts.reduce((n, c) => n + (rates.components[c.id]?.acked ?? 0), 0);
  const latency = spouts.find((c) => c.completeLatency)?.completeLatency;
  const restarts = view.workers.reduce((n, w) => n + w.restarts, 0);
  const cards = [
    ['state', `${view.state} (${view.runtime})`],
    ['uptime', `${fmt(view.uptimeMs / 1000)} s`],
    [`spout tuples acked/s (last ${rates.windowSeconds || '–'} s)`, fmt(ackRate)],
    ['average acked/s', fmt(view.uptimeMs > 0 ? (acked * 1000) / view.uptimeMs : 0)],
    ['acked', fmt(acked)],
    ['failed', fmt(failed)],
    ['complete latency p50 / p99', latency ? `${ms(latency.p50Ms)} / ${ms(latency.p99Ms)}` : '–'],
    ['errors', fmt(view.errors.length)],
  ];
  if (view.workers.length > 0) cards.push(['worker threads (restarts)', `${view.workers.length} (${restarts})`]);
  $('cards').innerHTML = cards
    .map(
      ([label, value]) =>
        `<div class="card"><div class="label">${esc(label)}</div><div class="value" data-card="${esc(label)}">${esc(value)}</div></div>`,
    )
    .join('');
  $('window').textContent = rates.windowSeconds ? `(rates over the last ${rates.windowSeconds} s)` : '';
}

/** Layers: a spout is at depth 0, a bolt one past the deepest of its inputs (cycles stop at the first visit). */
function layout(components) {
  const byId = new Map(components.map((c) => [c.id, c]));
  const depth = new Map();
  const visit = (id, seen) => {
    if (depth.has(id)) return depth.get(id);
    const c = byId.get(id);
    if (!c || seen.has(id)) return 0;
    seen.add(id);
    const d = c.inputs.length === 0 ? 0 : 1 + Math.max(...c.inputs.map((i) => visit(i.component, seen)));
    depth.set(id, d);
    return d;
  };
  for (const c of components) visit(c.id, new Set());
  const columns = [];
  for (const c of components) (columns[depth.get(c.id)] ??= []).push(c);
  const pos = new Map();
  columns.forEach((col, x) => col.forEach((c, y) => pos.set(c.id, { x: 20 + x * 230, y: 20 + y * 90 })));
  const height = 40 + Math.max(1, ...columns.map((col) => col.length)) * 90;
  return { pos, width: 20 + columns.length * 230, height };
}

function renderGraph({ view, rates }) {
  const { pos, width, height } = layout(view.components);
  const W = 170;
  const H = 58;
  const edges = [];
  for (const c of view.components) {
    for (const i of c.inputs) {
      const a = pos.get(i.component);
      const b = pos.get(c.id);
      if (!a || !b) continue;
      const x1 = a.x + W;
      const y1 = a.y + H / 2;
      const x2 = b.x;
      const y2 = b.y + H / 2;
      const mx = (x1 + x2) / 2;
      edges.push(
        `<g class="edge"><path d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 4},${y2}"/><text x="${mx}" y="${(y1 + y2) / 2 - 6}" text-anchor="middle">${esc(`${i.stream}: ${grouping(i.grouping)}`)}</text></g>`,
      );
    }
  }
  const nodes = view.components.map((c) => {
    const p = pos.get(c.id);
    const role = c.kind === 'spout' ? 'spout' : 'bolt';
    const rate = componentRate(rates, c);
    return `<g class="node ${role}" data-component="${esc(c.id)}" transform="translate(${p.x},${p.y})"><rect width="${W}" height="${H}"/><text class="id" x="10" y="18">${esc(c.id)}</text><text class="caption" x="10" y="34">${esc(c.kind)} ×${c.parallelism}${rate === null ? '' : ` · ${fmt(rate)}/s`}</text><text class="caption counts" x="10" y="49">emitted <tspan data-field="emitted">${fmt(c.emitted)}</tspan></text></g>`;
  });
  $('graph').innerHTML =
    `<svg viewBox="0 0 ${Math.max(width, 200)} ${height}" role="img" aria-label="topology graph"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#8a94a6"/></marker></defs>${edges.join('')}${nodes.join('')}</svg>`;
}

function remember({ view, rates }) {
  if (!rates.windowSeconds) return;
  let h = state.history.get(view.id);
  if (!h) state.history.set(view.id, (h = { times: [], series: new Map() }));
  h.times.push(view.takenAt / 1000);
  for (const c of view.components) {
    if (!h.series.has(c.id)) h.series.set(c.id, new Array(h.times.length - 1).fill(null));
  }
  for (const [id, values] of h.series) {
    const c = view.components.find((x) => x.id === id);
    values.push(c ? componentRate(rates, c) : null);
  }
  if (h.times.length > HISTORY_POINTS) {
    h.times.shift();
    for (const values of h.series.values()) values.shift();
  }
}

const PALETTE = ['#2f7d6d', '#3b5ba9', '#c0622f', '#8a4fb5', '#b3261e', '#5f7d1f', '#1f7d9c', '#9c7d1f'];

function renderChart({ view }) {
  const h = state.history.get(view.id);
  const box = $('chart');
  if (!h || h.times.length === 0) return;
  const ids = [...h.series.keys()];
  const key = `${view.id}|${ids.join(',')}`;
  const data = [h.times, ...ids.map((id) => h.series.get(id))];
  if (state.chartKey !== key || !state.chart) {
    state.chart?.destroy();
    box.innerHTML = '';
    state.chart = new uPlot(
      {
        width: Math.max(320, box.clientWidth || 480),
        height: 240,
        series: [{}, ...ids.map((id, i) => ({ label: id, stroke: PALETTE[i % PALETTE.length], width: 2, value: (_u, v) => fmt(v) }))],
        axes: [{}, { values: (_u, vals) => vals.map((v) => fmt(v)) }],
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      },
      data,
      box,
    );
    state.chartKey = key;
  } else state.chart.setData(data);
}

function table(el, headers, rows) {
  el.innerHTML =
    `<thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((cells) => `<tr>${cells.map(([v, cls, field]) => `<td${cls ? ` class="${cls}"` : ''}${field ? ` data-field="${field}"` : ''}>${esc(v)}</td>`).join('')}</tr>`).join('')}</tbody>`;
}

function renderComponents({ view, rates }) {
  const headers = [
    'component',
    'kind',
    'tasks',
    'rate/s',
    'emitted',
    'acked',
    'failed',
    'executed',
    'capacity',
    'execute latency',
    'complete p50 / p99',
    'errors',
    'last error',
  ];
  const rows = view.components.map((c) => {
    const last = [...view.errors].reverse().find((e) => e.component === c.id);
    const lat = c.completeLatency;
    return [
      [c.id, 'text', 'id'],
      [c.kind],
      [c.parallelism],
      [fmt(componentRate(rates, c)), '', 'rate'],
      [fmt(c.emitted), '', 'emitted'],
      [fmt(c.acked), '', 'acked'],
      [fmt(c.failed), c.failed > 0 ? 'bad' : '', 'failed'],
      [fmt(c.executed), '', 'executed'],
      [c.capacity === null ? '–' : c.capacity.toFixed(3), '', 'capacity'],
      [ms(c.executeLatencyMs)],
      [lat ? `${ms(lat.p50Ms)} / ${ms(lat.p99Ms)}` : '–'],
      [fmt(c.errors), c.errors > 0 ? 'bad' : ''],
      [last ? last.message : '', 'text bad'],
    ];
  });
  table($('components'), headers, rows);
  for (const [i, tr] of [...$('components').querySelectorAll('tbody tr')].entries()) tr.dataset.component = view.components[i].id;
}

function renderTasks({ view, rates }) {
  const headers = [
    'component',
    'task',
    'rate/s',
    'emitted',
    'acked',
    'failed',
    'executed',
    'capacity',
    'execute latency',
    'complete p50 / p99',
  ];
  const kinds = new Map(view.components.map((c) => [c.id, c.kind]));
  const rows = view.tasks.map((t) => {
    const r = rates.tasks[t.task];
    const exec = t.executeLatency && t.executeLatency.count > 0 ? t.executeLatency.sumMs / t.executeLatency.count : null;
    return [
      [t.component, 'text'],
      [t.task],
      [fmt(r ? (kinds.get(t.component) === 'spout' ? r.emitted : r.executed) : null)],
      [fmt(t.emitted)],
      [fmt(t.acked)],
      [fmt(t.failed), t.failed > 0 ? 'bad' : ''],
      [fmt(t.executed)],
      [r && r.capacity !== null ? r.capacity.toFixed(3) : '–'],
      [ms(exec)],
      [t.completeLatency ? `${ms(t.completeLatency.p50Ms)} / ${ms(t.completeLatency.p99Ms)}` : '–'],
    ];
  });
  table($('tasks'), headers, rows.length > 0 ? rows : [[['(the runtime reports no per-task figures)', 'text']]]);
}

function renderWorkers(view) {
  $('workers-panel').hidden = view.workers.length === 0;
  table(
    $('workers'),
    ['thread', 'state', 'tasks', 'cpu', 'queued', 'restarts', 'last exit'],
    view.workers.map((w) => [
      [w.index],
      [w.state],
      [w.tasks.join(', '), 'text'],
      [`${Math.round(w.cpu * 100)} %`],
      [fmt(w.queued)],
      [w.restarts, w.restarts > 0 ? 'bad' : ''],
      [w.lastExit ?? '', 'text'],
    ]),
  );
}

function renderUserMetrics(view) {
  $('metrics-panel').hidden = view.userMetrics.length === 0;
  table(
    $('user-metrics'),
    ['component', 'task', 'name', 'kind', 'count / value', 'p50', 'p99'],
    view.userMetrics.map((m) => [
      [m.component, 'text'],
      [m.task],
      [m.name, 'text'],
      [m.kind],
      [fmt(m.kind === 'gauge' ? m.value : m.count)],
      [m.latency ? fmt(m.latency.p50Ms) : '–'],
      [m.latency ? fmt(m.latency.p99Ms) : '–'],
    ]),
  );
}

function renderErrors(view) {
  const rows = [...view.errors]
    .reverse()
    .map((e) => [[new Date(e.time).toLocaleTimeString(), 'text'], [e.component, 'text'], [e.task ?? '–'], [e.message, 'text bad']]);
  table($('errors'), ['time', 'component', 'task', 'message'], rows.length > 0 ? rows : [[['no errors', 'text']]]);
}

connect();
