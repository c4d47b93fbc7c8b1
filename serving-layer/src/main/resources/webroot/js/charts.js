// Breakdown charts (bars, pie, donut) with Chart.js, loaded as a global by index.html.
// Chart.js draws labels and tooltips on the canvas, so data strings are never parsed as HTML.

export const COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948',
  '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

const charts = {};

/** Shows the "no data" line under a chart instead of an empty drawing, or hides it. */
export function showEmpty(id, empty) {
  document.getElementById(id).parentElement.hidden = empty;
  document.querySelector('[data-empty-for="' + id + '"]').hidden = !empty;
}

/**
 * Draws the revenue of the first `limit` items ({key, revenue}) on canvas `id`, as `type`
 * ('bar', 'pie' or 'doughnut'). A chart is created once and updated afterwards.
 */
export function drawBreakdown(id, type, items, limit, horizontal = false) {
  const shown = items.slice(0, limit);
  showEmpty(id, shown.length === 0);
  const labels = shown.map((item) => item.key);
  const values = shown.map((item) => Number(item.revenue));
  const colors = shown.map((item, i) => COLORS[i % COLORS.length]);
  const chart = charts[id];
  if (chart) {
    chart.data.labels = labels;
    chart.data.datasets[0].data = values;
    chart.data.datasets[0].backgroundColor = colors;
    chart.update();
    return;
  }
  charts[id] = new Chart(document.getElementById(id), {
    type: type,
    data: { labels: labels, datasets: [{ label: 'Revenue', data: values,
      backgroundColor: colors }] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      plugins: { legend: { display: type !== 'bar', position: 'right' } },
    },
  });
}
