// The dashboard: polls the serving layer's API every 10 s and redraws.
// Every string that comes from data is inserted with textContent, never as HTML.
'use strict';

const REFRESH_MS = 10000;
const COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948',
  '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const charts = {};

function money(value) {
  if (value === null || value === undefined) {
    return '-';
  }
  return Number(value).toLocaleString(undefined,
    { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function count(value) {
  return value === null || value === undefined ? '-' : Number(value).toLocaleString();
}

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(path + ' answered ' + response.status);
  }
  return response.json();
}

function setText(id, text) {
  document.getElementById(id).textContent = text;
}

// Chart labels are drawn on a canvas by Chart.js, never parsed as HTML.
function drawChart(id, type, items, limit) {
  const shown = items.slice(0, limit);
  const labels = shown.map((item) => item.key);
  const values = shown.map((item) => Number(item.revenue));
  const colors = shown.map((item, i) => COLORS[i % COLORS.length]);
  if (charts[id]) {
    charts[id].data.labels = labels;
    charts[id].data.datasets[0].data = values;
    charts[id].data.datasets[0].backgroundColor = colors;
    charts[id].update();
    return;
  }
  charts[id] = new Chart(document.getElementById(id), {
    type: type,
    data: { labels: labels, datasets: [{ label: 'Revenue', data: values,
      backgroundColor: colors }] },
    options: { animation: false, plugins: { legend: { display: type !== 'bar' } } },
  });
}

function drawTop(transactions) {
  const body = document.getElementById('top');
  const rows = transactions.map((t) => {
    const row = document.createElement('tr');
    const cells = [t.event_time.replace('T', ' ').replace('Z', ''), t.transaction_id,
      t.product_name, t.category, t.country, t.payment_method];
    for (const value of cells) {
      const cell = document.createElement('td');
      cell.textContent = value === null ? '-' : String(value);
      row.appendChild(cell);
    }
    const amount = document.createElement('td');
    amount.className = 'num';
    amount.textContent = money(t.amount);
    row.appendChild(amount);
    return row;
  });
  body.replaceChildren(...rows);
}

function drawStatus(stats, health) {
  const status = document.getElementById('status');
  const boundary = stats.boundary ? 'batch up to ' + stats.boundary : 'no batch views yet';
  status.textContent = 'Updated ' + new Date().toISOString().substring(11, 19) + ' UTC; '
    + boundary + '; ' + stats.sources.batch_minutes + ' batch + '
    + stats.sources.speed_minutes + ' speed minutes'
    + (health.status === 'ok' ? '' : ' (degraded: see /api/health)');
  status.className = health.status === 'ok' ? 'status' : 'status degraded';
}

async function refresh() {
  try {
    const [stats, categories, cities, payments, countries, top, health] = await Promise.all([
      getJson('/api/stats'), getJson('/api/categories'), getJson('/api/cities'),
      getJson('/api/payments'), getJson('/api/countries'),
      getJson('/api/transactions/top?limit=10'), getJson('/api/health')]);
    setText('revenue', money(stats.revenue));
    setText('transactions', count(stats.transactions));
    setText('unique-users', count(stats.unique_users));
    setText('average-amount', money(stats.average_amount));
    drawChart('categories', 'bar', categories.items, 12);
    drawChart('cities', 'pie', cities.items, 10);
    drawChart('payments', 'doughnut', payments.items, 10);
    drawChart('countries', 'bar', countries.items, 15);
    drawTop(top.transactions);
    drawStatus(stats, health);
  } catch (error) {
    const status = document.getElementById('status');
    status.textContent = 'Cannot reach the serving layer: ' + error.message;
    status.className = 'status degraded';
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
