// anneal report: draws the runs and sweeps of the JSON in #anneal-data with uPlot; with window.ANNEAL_LIVE
// set (anneal serve), fetches that URL every second and draws again when it changed.
(function () {
  'use strict';
  var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf',
    '#bcbd22', '#393b79', '#ad494a', '#637939', '#8c6d31', '#7b4173', '#3182bd', '#e6550d', '#31a354',
    '#756bb1', '#636363', '#843c39'];
  var view = { log: { loss: false, accuracy: false, lr: false }, highlight: null, sort: { key: 'rank', desc: false } };
  var report = window.annealReport = { charts: {}, renders: 0, data: null, highlight: highlight, lines: [] };
  var app = document.getElementById('app');
  var WHOLE = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6,
    2e6, 5e6, 1e7];

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { e.textContent = attrs[k]; } else if (k === 'onclick') { e.onclick = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { e.appendChild(c); } });
    return e;
  }

  function num(v) { return typeof v === 'number' && isFinite(v) ? v : null; }

  function fmt(v) { return v == null ? '–' : String(+v.toPrecision(6)); }

  /** Every run and trial as a line of the charts: its id, label, colour and data. */
  function linesOf(data) {
    var out = [];
    data.runs.forEach(function (r) { out.push({ id: r.name, label: r.name, run: r, trial: false }); });
    data.sweeps.forEach(function (s) {
      s.trials.forEach(function (t) {
        var id = data.sweeps.length > 1 ? s.name + '/' + t.name : t.name;
        out.push({ id: id, label: id, run: t, trial: true });
      });
    });
    out.forEach(function (l, i) { l.color = COLORS[i % COLORS.length]; });
    return out;
  }

  function stroke(line) {
    return function () {
      return view.highlight && view.highlight !== line.id ? line.color + '2e' : line.color;
    };
  }

  /** uPlot's aligned data: the union of the series' x values, each series null where it has no point. */
  function align(pointLists, log) {
    var xs = {};
    pointLists.forEach(function (pts) { pts.forEach(function (p) { xs[p[0]] = true; }); });
    var x = Object.keys(xs).map(Number).sort(function (a, b) { return a - b; });
    var index = {};
    x.forEach(function (v, i) { index[v] = i; });
    var data = [x];
    pointLists.forEach(function (pts) {
      var ys = new Array(x.length).fill(null);
      pts.forEach(function (p) {
        var y = num(p[1]);
        ys[index[p[0]]] = log && y != null && y <= 0 ? null : y;
      });
      data.push(ys);
    });
    return data;
  }

  function epochPoints(run, field) {
    return (run.epochs || []).map(function (e) { return [e.epoch, e[field]]; });
  }

  /** One chart: its title, a log/linear toggle, the read-out of the hovered point, the plot. */
  function chart(parent, wide, key, title, xLabel, defs, markers) {
    var box = el('section', { id: 'chart-' + key, 'class': wide ? 'wide' : '' });
    var toggle = el('button', { type: 'button', 'class': 'scale', text: view.log[key] ? 'y: log (click: linear)' : 'y: linear (click: log)',
      onclick: function () { view.log[key] = !view.log[key]; render(report.data); } });
    var readout = el('div', { 'class': 'readout', id: 'readout-' + key });
    box.appendChild(el('div', { 'class': 'chart-head' }, [el('h2', { text: title }), toggle]));
    box.appendChild(readout);
    var plot = el('div', { 'class': 'plot' });
    box.appendChild(plot);
    parent.appendChild(box);
    defs = defs.filter(function (d) { return d.points.length > 0; });
    if (!defs.length) {
      plot.appendChild(el('p', { 'class': 'empty', text: 'no data yet' }));
      return;
    }
    var log = view.log[key];
    var data = align(defs.map(function (d) { return d.points; }), log);
    var opts = {
      width: Math.max(420, wide ? parent.clientWidth - 34 : (parent.clientWidth - 16) / 2 - 34),
      height: wide ? 300 : 280,
      legend: { show: false },
      cursor: { drag: { x: true, y: false }, points: { size: 7 } },
      scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
      axes: [{ label: xLabel, incrs: WHOLE }, { size: 64, values: function (u, vals) { return vals.map(fmt); } }],
      series: [{ label: xLabel }].concat(defs.map(function (d) {
        return { label: d.label, stroke: stroke(d.line), width: d.width || 1.6, dash: d.dash, spanGaps: true,
          points: { show: d.points.length <= 40 } };
      })),
      hooks: {
        setCursor: [function (u) { showReadout(u, readout, xLabel); }],
        draw: [function (u) { drawMarkers(u, markers || []); }]
      }
    };
    var u = new uPlot(opts, data, plot);
    u.defs = defs;
    report.charts[key] = u;
  }

  /** The x value under the cursor and every series' value there. */
  function showReadout(u, readout, xLabel) {
    var idx = u.cursor.idx;
    readout.textContent = '';
    if (idx == null) { return; }
    var x = u.data[0][idx];
    readout.setAttribute('data-x', x);
    readout.appendChild(el('span', {}, [el('b', { text: xLabel + ' ' + x.toLocaleString('en-US') })]));
    u.defs.forEach(function (d, i) {
      var v = u.data[i + 1][idx];
      if (v == null) { return; }
      var s = el('span', { 'data-series': d.label, 'data-value': v, text: d.label + ' ' + fmt(v) });
      s.style.color = d.line.color;
      readout.appendChild(s);
    });
  }

  /** An x at the end of each trial that halving stopped, at its rung. */
  function drawMarkers(u, markers) {
    var ctx = u.ctx;
    markers.forEach(function (m) {
      if (m.y == null) { return; }
      var x = u.valToPos(m.x, 'x', true), y = u.valToPos(m.y, 'y', true);
      if (!isFinite(x) || !isFinite(y)) { return; }
      var r = 5 * devicePixelRatio;
      ctx.save();
      ctx.strokeStyle = stroke(m.line)();
      ctx.lineWidth = 2 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r);
      ctx.moveTo(x + r, y - r); ctx.lineTo(x - r, y + r);
      ctx.stroke();
      ctx.restore();
    });
  }

  function stopMarkers(lines, field) {
    var out = [];
    lines.forEach(function (l) {
      var at = l.run.stoppedAt;
      if (at == null) { return; }
      (l.run.epochs || []).forEach(function (e) {
        if (e.epoch === at) { out.push({ line: l, x: at, y: num(e[field]) }); }
      });
    });
    return out;
  }

  function runCard(line) {
    var r = line.run;
    var card = el('div', { 'class': 'card' });
    card.style.borderLeftColor = line.color;
    card.appendChild(el('h2', {}, [document.createTextNode(r.name), el('span', { 'class': 'status ' + r.status, text: r.status })]));
    var dl = el('dl');
    [['schedule', r.schedule, true], ['model', r.model], ['optimizer', r.optimizer], ['data', r.data],
      ['batch', r.batch], ['seed', r.seed], ['device', r.device], ['epochs', (r.epochs || []).length + ' of ' + r.epochsPlanned],
      ['command', r.command, true], ['stopped', r.stopReason], ['error', r.error]].forEach(function (f) {
      if (!f[1]) { return; }
      dl.appendChild(el('dt', { text: f[0] }));
      dl.appendChild(el('dd', { 'class': f[2] ? 'mono' : '', text: String(f[1]) }));
    });
    card.appendChild(dl);
    return card;
  }

  function notes(lines) {
    var box = el('section', { id: 'notes' }, [el('h2', { text: 'Notes' })]);
    var any = false;
    lines.forEach(function (l) {
      var items = [];
      (l.run.epochs || []).forEach(function (e) {
        if (e.note) { items.push('epoch ' + e.epoch + ': ' + e.note); }
      });
      var best = l.run.best;
      if (best) { items.push('best: epoch ' + best.epoch + ' (' + best.metric + ' ' + fmt(best.value) + '), kept as ' + best.checkpoint); }
      if (!items.length) { return; }
      any = true;
      box.appendChild(el('h3', { text: l.label }));
      box.appendChild(el('ul', { 'class': 'notes' }, items.map(function (t) { return el('li', { text: t }); })));
    });
    if (any) { app.appendChild(box); }
  }

  var COLUMNS = [['rank', 'Rank', true], ['name', 'Trial'], ['schedule', 'Schedule'], ['baseLr', 'LR', true],
    ['optimizerName', 'Optimizer'], ['seed', 'Seed', true], ['valLoss', 'Val loss', true],
    ['valAccuracy', 'Val acc', true], ['epochsRun', 'Epochs', true], ['stoppedAt', 'Stopped at', true], ['status', 'Status']];

  function trialRow(l) {
    var t = l.run, last = (t.epochs || [])[(t.epochs || []).length - 1] || {};
    return { line: l, rank: t.rank, name: t.name, schedule: t.schedule, baseLr: t.baseLr, optimizerName: t.optimizerName,
      seed: t.seed, valLoss: num(last.valLoss), valAccuracy: num(last.valAccuracy),
      epochsRun: (t.epochs || []).length, stoppedAt: t.stoppedAt, status: t.status };
  }

  function leaderboard(sweep, lines) {
    var box = el('section', { id: 'sweep' });
    var facts = [sweep.trials.length + ' trials', sweep.status];
    if (sweep.halving) { facts.push('halving ' + sweep.halving); }
    if (sweep.epochsFull) { facts.push('epochs run ' + sweep.epochsRun + ' of ' + sweep.epochsFull); }
    box.appendChild(el('h2', { text: 'Sweep ' + sweep.name + ' — ' + facts.join(', ') }));
    var rows = lines.map(trialRow);
    var key = view.sort.key, dir = view.sort.desc ? -1 : 1;
    rows.sort(function (a, b) {
      var x = a[key], y = b[key];
      if (x == null && y == null) { return a.name < b.name ? -1 : 1; }
      if (x == null) { return 1; }
      if (y == null) { return -1; }
      return (x < y ? -1 : x > y ? 1 : 0) * dir || (a.name < b.name ? -1 : 1);
    });
    var head = el('tr', {}, COLUMNS.map(function (c) {
      var cls = view.sort.key === c[0] ? 'sorted' + (view.sort.desc ? ' desc' : '') : '';
      return el('th', { 'class': cls, 'data-key': c[0], text: c[1], onclick: function () {
        view.sort = { key: c[0], desc: view.sort.key === c[0] ? !view.sort.desc : false };
        render(report.data);
      } });
    }));
    var body = el('tbody', {}, rows.map(function (r) {
      var tr = el('tr', { 'data-trial': r.line.id, 'class': view.highlight === r.line.id ? 'selected' : '',
        onclick: function () { highlight(r.line.id); } }, COLUMNS.map(function (c) {
        var v = r[c[0]];
        var text = v == null ? '' : typeof v === 'number' && c[0] !== 'rank' && c[0] !== 'epochsRun' && c[0] !== 'stoppedAt' ? fmt(v) : String(v);
        return el('td', { 'class': c[2] ? 'num' : (c[0] === 'schedule' ? 'mono' : ''), text: text });
      }));
      tr.firstChild.style.borderLeft = '4px solid ' + r.line.color;
      return tr;
    }));
    box.appendChild(el('table', { id: 'leaderboard' }, [el('thead', {}, [head]), body]));
    app.appendChild(box);
  }

  /** Shows one line in full colour and the others faded (again: all in full colour). */
  function highlight(id) {
    view.highlight = view.highlight === id ? null : id;
    applyHighlight();
  }

  function applyHighlight() {
    document.querySelectorAll('tr[data-trial]').forEach(function (tr) {
      tr.classList.toggle('selected', tr.getAttribute('data-trial') === view.highlight);
    });
    Object.keys(report.charts).forEach(function (k) {
      var u = report.charts[k];
      u.defs.forEach(function (d, i) { u.series[i + 1].width = (d.width || 1.6) * (d.line.id === view.highlight ? 2 : 1); });
      u.redraw();
    });
    report.highlighted = view.highlight;
  }

  function key(lines) {
    return el('div', { 'class': 'key' }, lines.map(function (l) {
      var i = el('i');
      i.style.background = l.color;
      return el('span', { onclick: function () { highlight(l.id); } }, [i, document.createTextNode(l.label)]);
    }));
  }

  function render(data) {
    Object.keys(report.charts).forEach(function (k) { report.charts[k].destroy(); });
    report.charts = {};
    report.data = data;
    app.textContent = '';
    var lines = report.lines = linesOf(data);
    var runs = lines.filter(function (l) { return !l.trial; });
    if (runs.length) {
      app.appendChild(el('section', { id: 'runs' }, [el('div', { 'class': 'runs' }, runs.map(runCard))]));
    }
    data.sweeps.forEach(function (s) {
      leaderboard(s, lines.filter(function (l) { return l.trial && s.trials.indexOf(l.run) >= 0; }));
    });
    var lossDefs = [];
    lines.forEach(function (l) {
      lossDefs.push({ line: l, label: l.label + ' val', points: epochPoints(l.run, 'valLoss') });
      if (!l.trial) {
        lossDefs.push({ line: l, label: l.label + ' train', points: epochPoints(l.run, 'trainLoss'), dash: [6, 4], width: 1.2 });
      }
    });
    var charts = el('div', { 'class': 'charts' });
    app.appendChild(charts);
    chart(charts, false, 'loss', runs.length ? 'Loss (solid: validation, dashed: training)' : 'Validation loss', 'epoch', lossDefs, stopMarkers(lines, 'valLoss'));
    chart(charts, false, 'accuracy', 'Validation accuracy', 'epoch', lines.map(function (l) {
      return { line: l, label: l.label, points: epochPoints(l.run, 'valAccuracy') };
    }), stopMarkers(lines, 'valAccuracy'));
    var lrDefs = [];
    lines.forEach(function (l) {
      var groups = Object.keys(l.run.lr || {});
      groups.forEach(function (g) {
        lrDefs.push({ line: l, label: groups.length > 1 ? l.label + ' [' + g + ']' : l.label, points: l.run.lr[g] });
      });
    });
    chart(charts, true, 'lr', 'Learning rate', 'step', lrDefs, []);
    if (lines.length > 1) { charts.insertBefore(key(lines), charts.lastChild); }
    notes(runs);
    if (view.highlight) { applyHighlight(); }
    report.renders++;
  }

  render(JSON.parse(document.getElementById('anneal-data').textContent));

  if (window.ANNEAL_LIVE) {
    var last = document.getElementById('anneal-data').textContent;
    var status = document.getElementById('live');
    var poll = function () {
      fetch(window.ANNEAL_LIVE, { cache: 'no-store' }).then(function (r) { return r.text(); }).then(function (text) {
        status.textContent = 'live: updated ' + new Date().toLocaleTimeString();
        if (text !== last) {
          last = text;
          render(JSON.parse(text));
        }
      }).catch(function () { status.textContent = 'live: the server does not answer'; })
        .then(function () { setTimeout(poll, 1000); });
    };
    setTimeout(poll, 1000);
  }
}());
