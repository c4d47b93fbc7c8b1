// Calls to the serving layer's JSON API.

/** An instant as the API reads it: ISO-8601 UTC, whole seconds. */
export function isoSeconds(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The query string of a range: from and to, ISO-8601 UTC. */
export function rangeQuery(range, extra = {}) {
  const params = new URLSearchParams({ from: isoSeconds(range.from),
    to: isoSeconds(range.to), ...extra });
  return params.toString();
}

/** GET path as JSON; an answer other than 2xx throws an Error carrying its status. */
export async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) {
    const error = new Error(path + ' answered ' + response.status);
    error.status = response.status;
    throw error;
  }
  return response.json();
}
