// One query block of the step: its text (as written, and with the parameter values in), Run / Cancel (Ctrl/Cmd+Enter
// anywhere in the card runs it and then moves focus to the result), progress, errors in plain words, the result grid
// (a live run's rows, or the last recorded result read back from its evidence file) and the runs the report records.
import type { CellValue, Column, RunError } from '../core/engine/types';
import type { HostNotification, LastResult, QueryView, RunView } from '../shared/messages';
import { formatCount, post, request, rowsText, t } from './api';
import { h } from './dom';
import { formatTime } from '../core/results/valueFormat';
import { mountGrid, type GridHandle } from './results/mountGrid';
import { resultsTimeZone } from './results/timeZone';

const ENGINE_TEXT = {
  cloudtrail: 'engineCloudtrail',
  athena: 'engineAthena',
  local: 'engineLocal',
  aws: 'engineAws',
  action: 'engineAction',
} as const;
const MAX_RUNS_LISTED = 5;

/** Shows a failure in a problem box (heading, the message as text, the AWS code if any), or hides the box. */
export function showFailure(box: HTMLElement, heading: string, error: RunError | undefined): void {
  box.hidden = !error;
  if (!error) return;
  box.replaceChildren(h('strong', {}, heading), h('p', {}, error.message));
  if (error.code) box.appendChild(h('p', { class: 'error-code' }, t('errorCode', error.code)));
}

export class QueryCard {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly engine: HTMLElement;
  private readonly description: HTMLElement;
  private readonly code: HTMLElement;
  private readonly resolved: HTMLElement;
  private readonly resolvedBlock: HTMLElement;
  /** The result region (problem box and grid): focus moves here after a run started from the keyboard. */
  private readonly result: HTMLElement;
  private readonly runButton: HTMLButtonElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly progress: HTMLElement;
  private readonly problem: HTMLElement;
  private readonly runsList: HTMLElement;
  private readonly results = h('div', { class: 'results-host' });
  private grid: GridHandle | undefined;
  private queryText = '';
  private running = false;
  /** The grid shows rows of this page's own (a live or re-sent run): a recorded result must not replace them. */
  private live = false;
  private blockedReason: string | undefined;

  constructor(readonly queryId: string) {
    this.title = h('h3', { class: 'query-title' });
    this.engine = h('span', { class: 'badge' });
    this.description = h('p', { class: 'query-description muted', hidden: true });
    this.code = h('code');
    this.resolved = h('code');
    this.resolvedBlock = h('div', { hidden: true }, h('h4', {}, t('resolvedQuery')), h('pre', {}, this.resolved));
    this.runButton = h('button', { type: 'button', class: 'primary' }, t('run'));
    this.cancelButton = h('button', { type: 'button', class: 'secondary', hidden: true }, t('cancel'));
    this.progress = h('span', { class: 'progress', role: 'status', 'aria-live': 'polite' });
    this.problem = h('div', { class: 'problem', role: 'alert', hidden: true });
    this.runsList = h('div', { class: 'runs' });
    this.runButton.addEventListener('click', () => void this.run(false));
    this.runButton.title = t('runShortcut');
    this.cancelButton.addEventListener('click', () => post({ type: 'cancel', queryId }));
    this.result = h('div', { class: 'query-result', tabindex: '-1', 'aria-label': t('result') }, this.problem);
    this.result.appendChild(this.results);
    this.element = h(
      'section',
      { class: 'query', 'data-query': queryId },
      h('div', { class: 'query-head' }, this.title, this.engine),
      this.description,
      h(
        'details',
        { class: 'query-text' },
        h('summary', {}, t('queryText')),
        h('pre', {}, this.code),
        this.resolvedBlock,
      ),
      h('div', { class: 'query-actions' }, this.runButton, this.cancelButton, this.progress),
      this.result,
      this.runsList,
    );
    this.element.addEventListener('keydown', e => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      e.preventDefault();
      void this.run(true);
    });
  }

  /** Runs the query; from the keyboard, focus then moves to the result (rows, or the failure). */
  private async run(fromKeyboard: boolean): Promise<void> {
    if (this.runButton.disabled) return;
    try {
      await request({ type: 'run', queryId: this.queryId });
    } catch {
      // The run's own messages show what happened; the answer only says when it is over.
    }
    if (fromKeyboard) this.result.focus();
  }

  /** Asks for the last recorded result and shows it, unless this page already has rows of its own. */
  async showLastResult(): Promise<void> {
    let last: LastResult;
    try {
      last = await request({ type: 'lastResult', queryId: this.queryId });
    } catch (e) {
      last = { kind: 'problem', runId: '', path: '', problem: e instanceof Error ? e.message : String(e) };
    }
    if (this.live || last.kind === 'none') return;
    if (last.kind === 'problem') {
      showFailure(this.problem, t('lastResultProblem'), {
        message: last.path ? `${last.path}: ${last.problem}` : last.problem,
      });
      return;
    }
    this.grid = mountGrid(this.results, {
      queryId: this.queryId,
      queryText: this.queryText,
      columns: last.columns,
      rows: last.rows,
    });
    this.grid.end({ runId: last.runId, rowCount: last.rowCount });
    const when = formatTime(Date.parse(last.startedAt), resultsTimeZone());
    this.progress.textContent =
      last.rows.length < last.rowCount
        ? t('lastResultCapped', when, last.path, formatCount(last.rows.length), formatCount(last.rowCount))
        : t('lastResult', when, last.path);
    this.progress.dataset.recorded = last.runId;
  }

  update(query: QueryView, runs: RunView[], missingParameters: boolean): void {
    this.title.textContent = query.title;
    this.engine.textContent = t(ENGINE_TEXT[query.engine]);
    this.code.textContent = query.text;
    this.queryText = query.text;
    this.resolved.textContent = query.resolvedText ?? '';
    this.resolvedBlock.hidden = query.resolvedText === undefined || query.resolvedText === query.text;
    this.blockedReason = missingParameters ? t('missingParameters') : undefined;
    this.syncButtons();
    this.renderRuns(runs.filter(r => r.queryId === query.id));
  }

  /** Lines shown under the title (a named query's description and database); none hides the paragraph. */
  describe(...lines: (string | undefined)[]): void {
    const shown = lines.filter((l): l is string => !!l);
    this.description.hidden = shown.length === 0;
    this.description.replaceChildren(...shown.flatMap((line, i) => (i ? [h('br'), line] : [line])));
  }

  handle(message: HostNotification): void {
    switch (message.type) {
      case 'runStarted':
        this.live = true;
        delete this.progress.dataset.recorded;
        // The previous result goes: rows of an earlier run must not sit under this run's outcome.
        this.results.replaceChildren();
        this.grid = undefined;
        this.setRunning(true);
        this.progress.textContent = t('running');
        showFailure(this.problem, t('failed'), undefined);
        break;
      case 'runProgress':
        this.progress.textContent = message.rowsSoFar
          ? `${message.message} · ${t('rowsSoFar', formatCount(message.rowsSoFar))}`
          : message.message;
        break;
      case 'runRows':
        this.receiveRows(message.columns, message.rows, message.reset);
        break;
      case 'runEnded':
        this.setRunning(false);
        this.grid?.end({ runId: message.run?.runId, rowCount: message.rowCount, partialReason: message.partialReason });
        // A complete result speaks for itself in the grid's row count; only the exceptions are spelled out here.
        this.progress.textContent =
          message.phase === 'cancelled'
            ? t('cancelled')
            : message.phase === 'failed'
              ? ''
              : message.partialReason
                ? t('partial', message.partialReason)
                : message.phase === 'done' && message.rowCount === 0
                  ? t('noRows')
                  : '';
        showFailure(this.problem, t('failed'), message.phase === 'failed' ? message.error : undefined);
        break;
      default:
        break;
    }
  }

  private receiveRows(columns: Column[], rows: CellValue[][], reset: boolean): void {
    if (reset || !this.grid)
      this.grid = mountGrid(this.results, { queryId: this.queryId, queryText: this.queryText, columns, rows });
    else this.grid.append(rows);
  }

  private setRunning(running: boolean): void {
    this.running = running;
    this.syncButtons();
  }

  private syncButtons(): void {
    this.runButton.disabled = this.running || !!this.blockedReason;
    this.runButton.title = this.blockedReason ?? '';
    this.cancelButton.hidden = !this.running;
  }

  private renderRuns(runs: RunView[]): void {
    if (!runs.length) {
      this.runsList.replaceChildren(h('p', { class: 'muted' }, t('noRuns')));
      return;
    }
    const items = runs
      .slice(-MAX_RUNS_LISTED)
      .reverse()
      .map(run => {
        const outcome = run.error
          ? `${t('failed')}${run.error.code ? ` (${run.error.code})` : ''}`
          : run.partial
            ? t('partial', run.partialReason ?? '')
            : rowsText(run.rowCount);
        return h(
          'li',
          {},
          h('span', { class: 'run-time' }, formatTime(Date.parse(run.startedAt), resultsTimeZone())),
          ' · ',
          outcome,
          ...run.evidence.map(e => {
            const open = h('button', { type: 'button', class: 'link' }, t('openEvidence'));
            open.addEventListener('click', () => post({ type: 'openEvidence', path: e.path }));
            return h(
              'div',
              { class: 'evidence' },
              h('span', { class: 'muted' }, `${t('evidence')}: `),
              h('code', {}, e.path),
              ' ',
              open,
              h('div', { class: 'hash' }, h('span', { class: 'muted' }, `${t('sha256')}: `), h('code', {}, e.sha256)),
            );
          }),
        );
      });
    this.runsList.replaceChildren(h('h4', {}, t('runs')), h('ul', {}, ...items));
  }
}
