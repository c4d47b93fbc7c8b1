// The time-range picker. Presets are relative to now and recomputed on every refresh, so
// that the newest minutes keep coming in; a custom range is fixed. The choice lives in the
// page's address (#range=today or #from=...&to=...), so that it can be bookmarked.

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The end of the current minute: the API's own default end. */
function endOfThisMinute(nowMs) {
  return Math.floor(nowMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
}

const PRESETS = {
  hour: (to) => to - HOUR_MS,
  today: (to) => Math.floor((to - 1) / DAY_MS) * DAY_MS,
  week: (to) => to - 7 * DAY_MS,
};

/** "2010-12-01T08:00" as UTC (datetime-local inputs have no zone). */
function fromInput(value) {
  return value ? new Date(value + ':00Z') : null;
}

function toInput(date) {
  return date.toISOString().substring(0, 16);
}

export class RangePicker {
  constructor(form, onChange) {
    this.form = form;
    this.onChange = onChange;
    this.customBox = form.querySelector('#custom-range');
    this.fromInput = form.querySelector('#custom-from');
    this.toInput = form.querySelector('#custom-to');
    this.readAddress();

    for (const button of form.querySelectorAll('[data-preset]')) {
      button.addEventListener('click', () => this.choose(button.dataset.preset));
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.applyCustom();
    });
    window.addEventListener('hashchange', () => {
      this.readAddress();
      this.onChange();
    });
  }

  /** The range to ask for now: {from: Date, to: Date, preset}. */
  current() {
    if (this.preset === 'custom') {
      return { from: this.custom.from, to: this.custom.to, preset: 'custom' };
    }
    const to = endOfThisMinute(Date.now());
    return { from: new Date(PRESETS[this.preset](to)), to: new Date(to),
      preset: this.preset };
  }

  choose(preset) {
    if (preset === 'custom') {
      // Start the custom fields from the range on screen, then wait for Apply.
      const range = this.current();
      this.fromInput.value = toInput(range.from);
      this.toInput.value = toInput(range.to);
      this.showButtons('custom');
      return;
    }
    window.location.hash = 'range=' + preset;
  }

  applyCustom() {
    const from = fromInput(this.fromInput.value);
    const to = fromInput(this.toInput.value);
    if (!from || !to || from >= to) {
      this.toInput.setCustomValidity('The end must come after the start.');
      this.toInput.reportValidity();
      return;
    }
    this.toInput.setCustomValidity('');
    window.location.hash = 'from=' + from.toISOString() + '&to=' + to.toISOString();
  }

  readAddress() {
    const params = new URLSearchParams(window.location.hash.substring(1));
    const from = params.get('from') ? new Date(params.get('from')) : null;
    const to = params.get('to') ? new Date(params.get('to')) : null;
    if (from && to && !isNaN(from) && !isNaN(to) && from < to) {
      this.preset = 'custom';
      this.custom = { from, to };
      this.fromInput.value = toInput(from);
      this.toInput.value = toInput(to);
    } else {
      this.preset = PRESETS[params.get('range')] ? params.get('range') : 'today';
    }
    this.showButtons(this.preset);
  }

  showButtons(preset) {
    for (const button of this.form.querySelectorAll('[data-preset]')) {
      button.setAttribute('aria-pressed', String(button.dataset.preset === preset));
    }
    this.customBox.hidden = preset !== 'custom';
  }
}
