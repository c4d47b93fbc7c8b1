// The Reports panel: lists /api/reports when the serving layer has it (the reports module),
// and stays hidden when that endpoint answers 404.
import { getJson } from './api.js';

/** Only links into /reports/ are shown: a report entry can never point elsewhere. */
function safeLink(path, text) {
  if (typeof path !== 'string' || !path.startsWith('/reports/') || path.includes('..')) {
    return null;
  }
  const link = document.createElement('a');
  link.setAttribute('href', path);
  link.textContent = text;
  return link;
}

export async function loadReports() {
  const panel = document.getElementById('reports');
  let answer;
  try {
    answer = await getJson('/api/reports');
  } catch (error) {
    // 404: no reports module in this build. Anything else: say so, keep the page going.
    panel.hidden = error.status === 404;
    if (!panel.hidden) {
      document.getElementById('reports-list').replaceChildren(
        Object.assign(document.createElement('li'), { textContent: error.message }));
    }
    return;
  }
  const items = (answer.items || []).map((report) => {
    const item = document.createElement('li');
    item.appendChild(document.createTextNode(report.period + ' ' + report.name));
    for (const [path, text] of [[report.markdown, 'Markdown'], [report.pdf, 'PDF']]) {
      const link = safeLink(path, text);
      if (link) {
        item.appendChild(link);
      }
    }
    return item;
  });
  if (items.length === 0) {
    items.push(Object.assign(document.createElement('li'), { textContent: 'No report yet.' }));
  }
  document.getElementById('reports-list').replaceChildren(...items);
  panel.hidden = false;
}
