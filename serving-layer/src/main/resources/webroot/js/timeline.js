// One timeline of revenue: per hour over the range, then per minute over its last hour,
// each on its own axis, with the batch boundary drawn as a dashed vertical line.
import { showEmpty } from './charts.js';
import { utcMinute } from './format.js';

const SOURCE_COLORS = { batch: '#4e79a7', speed: '#f28e2b', mixed: '#b07aa1' };

/** Draws a dashed line at options.at (epoch ms) when it lies inside the x axis. */
const boundaryLine = {
  id: 'boundaryLine',
  afterDatasetsDraw(chart, args, options) {
    const scale = chart.scales.x;
    if (options.at === null || options.at < scale.min || options.at > scale.max) {
      return;
    }
    const x = scale.getPixelForValue(options.at);
    const { top, bottom } = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = '#444';
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.fillStyle = '#444';
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.fillText('batch ', x, top + 10);
    ctx.textAlign = 'left';
    ctx.fillText(' speed', x, top + 10);
    ctx.restore();
  },
};

let chart = null;

function points(buckets) {
  return buckets.map((bucket) => ({ x: Date.parse(bucket.start), y: Number(bucket.revenue) }));
}

function colors(buckets) {
  return buckets.map((bucket) => SOURCE_COLORS[bucket.source] || '#999');
}

/**
 * hours and minutes are /api/timeseries buckets ({start, revenue, source}); range is the
 * {from, to} asked for; boundary the batch boundary (ISO text) or null.
 */
export function drawTimeline(hours, minutes, range, boundary) {
  showEmpty('timeline', hours.length === 0 && minutes.length === 0);
  const datasets = [
    { label: 'Revenue per hour', data: points(hours), yAxisID: 'perHour',
      borderColor: '#4e79a7', pointBackgroundColor: colors(hours), pointRadius: 3,
      borderWidth: 1.5 },
    { label: 'Revenue per minute (last hour)', data: points(minutes), yAxisID: 'perMinute',
      borderColor: '#f28e2b', pointBackgroundColor: colors(minutes), pointRadius: 2,
      borderWidth: 1.5 },
  ];
  const boundaryMs = boundary ? Date.parse(boundary) : null;
  if (chart) {
    chart.data.datasets[0].data = datasets[0].data;
    chart.data.datasets[0].pointBackgroundColor = datasets[0].pointBackgroundColor;
    chart.data.datasets[1].data = datasets[1].data;
    chart.data.datasets[1].pointBackgroundColor = datasets[1].pointBackgroundColor;
    chart.options.scales.x.min = range.from.getTime();
    chart.options.scales.x.max = range.to.getTime();
    chart.options.plugins.boundaryLine.at = boundaryMs;
    chart.update();
    return;
  }
  chart = new Chart(document.getElementById('timeline'), {
    type: 'line',
    data: { datasets },
    plugins: [boundaryLine],
    options: {
      animation: false,
      maintainAspectRatio: false,
      spanGaps: false,
      scales: {
        x: { type: 'linear', min: range.from.getTime(), max: range.to.getTime(),
          ticks: { maxTicksLimit: 8, callback: (value) => utcMinute(value) } },
        perHour: { position: 'left', beginAtZero: true,
          title: { display: true, text: 'per hour' } },
        perMinute: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
          title: { display: true, text: 'per minute' } },
      },
      plugins: {
        boundaryLine: { at: boundaryMs },
        tooltip: { callbacks: { title: (items) => utcMinute(items[0].parsed.x) + ' UTC' } },
      },
    },
  });
}
