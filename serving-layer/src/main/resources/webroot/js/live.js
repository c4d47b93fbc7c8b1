// Live updates pushed by the serving layer (GET /api/live, Server-Sent Events): each
// "changed" event says the speed or batch views moved, and the page fetches its figures
// again. The browser reconnects by itself when the stream drops.

/**
 * Opens the stream. onChange(summary) runs on every change; onState(state) with 'open',
 * 'connecting' or 'closed' when the connection changes.
 */
export function listen(onChange, onState) {
  const source = new EventSource('/api/live');
  onState('connecting');
  source.addEventListener('open', () => onState('open'));
  source.addEventListener('error', () => onState(
    source.readyState === EventSource.CLOSED ? 'closed' : 'connecting'));
  // hello comes first on every (re)connection: changes may have been missed meanwhile.
  source.addEventListener('hello', (event) => onChange(JSON.parse(event.data)));
  source.addEventListener('changed', (event) => onChange(JSON.parse(event.data)));
  return source;
}
