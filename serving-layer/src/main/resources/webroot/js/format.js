// Formatting of figures for display. Fixed to en-US grouping so that a page reads the
// same on every machine, and the tests can read it back.

const COUNT = new Intl.NumberFormat('en-US');

function group(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * An amount with 2 decimals. The API sends amounts with at most 3 decimals; toFixed(3)
 * gives those digits back exactly, and the rounding to cents (half away from zero) is done
 * on the digits, so no binary fraction can tip a cent.
 */
export function money(value) {
  if (value === null || value === undefined) {
    return '-';
  }
  const number = Number(value);
  const digits = Math.abs(number).toFixed(3).replace('.', '');
  const cents = (BigInt(digits) + 5n) / 10n;
  const text = cents.toString().padStart(3, '0');
  const sign = number < 0 && cents !== 0n ? '-' : '';
  return sign + group(text.slice(0, -2)) + '.' + text.slice(-2);
}

export function count(value) {
  return value === null || value === undefined ? '-' : COUNT.format(Number(value));
}

export function percent(part, whole) {
  if (!whole) {
    return '-';
  }
  return (100 * part / whole).toFixed(1) + ' %';
}

/** An instant as "2010-12-01 08:26" (UTC), from a Date, epoch ms or ISO text. */
export function utcMinute(instant) {
  if (instant === null || instant === undefined) {
    return '-';
  }
  return new Date(instant).toISOString().substring(0, 16).replace('T', ' ');
}

/** A duration in seconds as its largest unit: "42 s", "5 min", "3 h", "2 d", "16 y". */
export function age(seconds) {
  if (seconds === null || seconds === undefined) {
    return '-';
  }
  const units = [[365 * 86400, 'y'], [86400, 'd'], [3600, 'h'], [60, 'min'], [1, 's']];
  for (const [size, name] of units) {
    if (Math.abs(seconds) >= size) {
      return Math.floor(seconds / size) + ' ' + name;
    }
  }
  return '0 s';
}
