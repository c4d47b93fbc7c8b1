// The dashboard's tables. Every cell is filled with textContent: a product called
// "<img src=x onerror=alert(1)>" shows as those characters, never as an element.
import { count, money, percent, utcMinute } from './format.js';

/** A row of cells; a cell is text, or {text, num: true} for a right-aligned figure. */
function row(cells) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    const text = typeof cell === 'object' && cell !== null ? cell.text : cell;
    td.textContent = text === null || text === undefined ? '-' : String(text);
    if (cell && cell.num) {
      td.className = 'num';
    }
    tr.appendChild(td);
  }
  return tr;
}

function fill(tbodyId, rows, emptyText, columns) {
  const body = document.getElementById(tbodyId);
  if (rows.length === 0) {
    const empty = row([emptyText]);
    empty.firstChild.colSpan = columns;
    empty.firstChild.className = 'empty';
    body.replaceChildren(empty);
    return;
  }
  body.replaceChildren(...rows);
}

const HIVE_DOWN = 'Hive did not answer: this table lacks the part of the range before the'
  + ' batch boundary; it is asked again on the next change.';

export function drawTopTransactions(answer) {
  fill('top', answer.transactions.map((t) => row([utcMinute(t.event_time), t.transaction_id,
    t.product_name, t.category, t.city, t.country, t.payment_method,
    { text: money(t.amount), num: true }])), 'No transactions in this range.', 8);
  document.getElementById('top-note').textContent = answer.batch_available ? '' : HIVE_DOWN;
}

export function drawTopProducts(answer) {
  fill('products', answer.items.map((p) => row([p.product_name, p.product_id,
    { text: count(p.units), num: true }, { text: money(p.revenue), num: true }])),
  'No products in this range.', 4);
  document.getElementById('products-warning').textContent = answer.batch_available ? ''
    : HIVE_DOWN;
  const note = document.getElementById('products-note');
  note.textContent = answer.speed_side === 'none' ? ''
    : 'After the batch boundary only the largest transactions of each minute are counted:'
      + ' the speed layer keeps no per-product view.';
}

/** Returns and net revenue, from /api/stats (revenue there is already net of returns). */
export function drawReturns(stats) {
  const net = Number(stats.revenue);
  const returned = Number(stats.returned_amount);
  const gross = net + returned;
  document.getElementById('gross-revenue').textContent = money(gross);
  document.getElementById('returns-count').textContent = count(stats.returns);
  document.getElementById('returned-amount').textContent = money(returned);
  document.getElementById('net-revenue').textContent = money(net);
  document.getElementById('returned-share').textContent = percent(returned, gross);
}
