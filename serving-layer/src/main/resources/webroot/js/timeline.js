// One timeline of revenue: per hour over the range, then per minute over its last hour,
// each on its own axis, with the batch boundary drawn as a dashed vertical line.
import { showEmpty } from './charts.js';
import { utcMinute } from './format.js';

// Points are coloured by the layer that answered them; lines by their grain.
const SOURCE_COLORS = { batch: '#4e79a7', speed: '#f28e2b', mixed: '#b07aa1' };
const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

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
    ctx.fillStyle = SOURCE_COLORS.batch;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.fillText('batch ', x, top + 10);
    ctx.textAlign = 'left';
    ctx.fillStyle = SOURCE_COLORS.speed;
    ctx.fillText(' speed', x, top + 10);
    ctx.restore();
  },
};

let chart = null;

/**
 * The buckets as points; the API sends only buckets that hold sales, so a gap of more than
 * one bucket gets a null point, and the line breaks there instead of bridging the night.
 */
function points(buckets, bucketMs) {
  const result = [];
  let previous = null;
  for (const bucket of buckets) {
    const x = Date.parse(bucket.start);
    if (previous !== null && x - previous > bucketMs) {
      result.push({ x: previous + bucketMs, y: null, source: null });
    }
    result.push({ x, y: Number(bucket.revenue), source: bucket.source });
    previous = x;
  }
  return result;
}

function colors(points) {
  return points.map((point) => SOURCE_COLORS[point.source] || '#999');
}

function dataset(label, buckets, bucketMs, axis, color) {
  const data = points(buckets, bucketMs);
  return { label, data, yAxisID: axis, borderColor: color, backgroundColor: color,
    pointBackgroundColor: colors(data), pointBorderColor: colors(data), pointRadius: 2.5,
    borderWidth: 1.5, spanGaps: false };
}

/**
 * hours and minutes are /api/timeseries buckets ({start, revenue, source}); range is the
 * {from, to} asked for; boundary the batch boundary (ISO text) or null.
 */
export function drawTimeline(hours, minutes, range, boundary) {
  showEmpty('timeline', hours.length === 0 && minutes.length === 0);
  const datasets = [
    dataset('Revenue per hour', hours, HOUR_MS, 'perHour', '#4e79a7'),
    dataset('Revenue per minute (last hour)', minutes, MINUTE_MS, 'perMinute', '#59a14f'),
  ];
  const boundaryMs = boundary ? Date.parse(boundary) : null;
  if (chart) {
    chart.data.datasets = datasets;
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
