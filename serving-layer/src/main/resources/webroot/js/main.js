// The dashboard: fetches every panel for the chosen range, and again whenever the server
// pushes a change on /api/live. Nothing polls.
import { getJson, rangeQuery } from './api.js';
import { drawBreakdown } from './charts.js';
import { count, money, utcMinute } from './format.js';
import { drawFreshness, drawLiveState } from './freshness.js';
import { listen } from './live.js';
import { RangePicker } from './range.js';
import { loadReports } from './reports.js';
import { drawReturns, drawTopProducts, drawTopTransactions } from './tables.js';
import { drawTimeline } from './timeline.js';

const HOUR_MS = 60 * 60 * 1000;

function setText(id, text) {
  document.getElementById(id).textContent = text;
}

async function loadStats(range) {
  const stats = await getJson('/api/stats?' + rangeQuery(range));
  setText('revenue', money(stats.revenue));
  setText('transactions', count(stats.transactions));
  setText('unique-users', count(stats.unique_users));
  setText('average-amount', money(stats.average_amount));
  drawReturns(stats);
}

async function loadBreakdowns(range) {
  const query = rangeQuery(range);
  const [categories, cities, payments, countries] = await Promise.all([
    getJson('/api/categories?' + query), getJson('/api/cities?' + query),
    getJson('/api/payments?' + query), getJson('/api/countries?' + query)]);
  drawBreakdown('categories', 'bar', categories.items, 12);
  drawBreakdown('cities', 'pie', cities.items, 10);
  drawBreakdown('payments', 'doughnut', payments.items, 10);
  drawBreakdown('countries', 'bar', countries.items, 12, true);
}

/** Per hour up to the last hour of the range, per minute within it: each minute once. */
async function loadTimeline(range) {
  const split = new Date(Math.max(range.from.getTime(), range.to.getTime() - HOUR_MS));
  const hourly = split > range.from
    ? getJson('/api/timeseries?' + rangeQuery({ from: range.from, to: split },
      { grain: 'hour' }))
    : Promise.resolve({ buckets: [], boundary: null });
  const minutely = getJson('/api/timeseries?' + rangeQuery({ from: split, to: range.to },
    { grain: 'minute' }));
  const [hours, minutes] = await Promise.all([hourly, minutely]);
  drawTimeline(hours.buckets, minutes.buckets, range, minutes.boundary);
}

async function loadTop(range) {
  const answer = await getJson('/api/transactions/top?' + rangeQuery(range, { limit: 10 }));
  drawTopTransactions(answer);
}

async function loadProducts(range) {
  drawTopProducts(await getJson('/api/products?' + rangeQuery(range, { limit: 10 })));
}

async function loadHealth() {
  drawFreshness(await getJson('/api/health'));
}

// One refresh at a time; a change that arrives meanwhile asks for exactly one more.
let refreshing = false;
let again = false;
let refreshes = 0;

async function refresh() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  const range = picker.current();
  setText('range-label', utcMinute(range.from) + ' to ' + utcMinute(range.to) + ' UTC');
  // Each panel on its own: a slow Hive query for one table never holds up the cards.
  const results = await Promise.allSettled([loadStats(range), loadBreakdowns(range),
    loadTimeline(range), loadTop(range), loadProducts(range), loadHealth()]);
  const failed = results.filter((result) => result.status === 'rejected');
  const status = document.getElementById('status');
  status.textContent = failed.length === 0
    ? 'Updated ' + new Date().toISOString().substring(11, 19) + ' UTC'
    : 'Some panels could not be updated: ' + failed.map((f) => f.reason.message).join('; ');
  status.className = failed.length === 0 ? 'status' : 'status degraded';
  refreshes += 1;
  document.body.dataset.refreshes = String(refreshes);
  refreshing = false;
  if (again) {
    again = false;
    refresh();
  }
}

let reportsRenderedAt;
const picker = new RangePicker(document.getElementById('range'), refresh);
refresh();
loadReports();
listen((summary) => {
  refresh();
  // The serving layer says when a run of the scheduled reports ended: list them again then.
  if (summary.reports_rendered_at !== reportsRenderedAt) {
    reportsRenderedAt = summary.reports_rendered_at;
    loadReports();
  }
}, drawLiveState);
