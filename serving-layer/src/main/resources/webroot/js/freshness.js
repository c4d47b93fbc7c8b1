// The freshness strip: how current the figures are. Ages are counted on from the last
// /api/health answer every second in the page; the server is asked again only on a change.
import { age, count, utcMinute } from './format.js';

let health = null;
let receivedAtMs = 0;

function set(id, text, state) {
  const element = document.getElementById(id);
  element.textContent = text;
  element.className = state || '';
}

/** The newest speed window, with its age now. */
function renderWindow() {
  if (!health || !health.speed.newest_window) {
    set('fresh-window', 'none yet');
    return;
  }
  const ageSeconds = health.speed.newest_window_age_seconds
    + Math.floor((Date.now() - receivedAtMs) / 1000);
  set('fresh-window', utcMinute(health.speed.newest_window) + ' UTC (' + age(ageSeconds)
    + ' ago)');
}

export function drawFreshness(answer) {
  health = answer;
  receivedAtMs = Date.now();
  renderWindow();
  set('fresh-boundary', answer.batch.boundary ? utcMinute(answer.batch.boundary) + ' UTC'
    : 'no batch run yet', answer.hive.reachable ? '' : 'warn');
  set('fresh-dead-letters', count(answer.dead_letters), answer.dead_letters > 0 ? 'warn' : '');
  set('fresh-late', count(answer.late_events_dropped),
    answer.late_events_dropped > 0 ? 'warn' : '');
  const lag = answer.speed.layer_lag;
  set('fresh-lag', lag === null || lag === undefined ? '-' : count(lag) + ' events',
    lag > 0 ? 'warn' : '');
}

export function drawLiveState(state) {
  const texts = { open: 'connected', connecting: 'connecting', closed: 'reconnecting' };
  set('fresh-live', texts[state] || state, state === 'open' ? 'ok' : 'warn');
}

setInterval(renderWindow, 1000);
