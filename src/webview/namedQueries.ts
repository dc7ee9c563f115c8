// The "Workgroup named queries" card of a flow-log step: a Discover button, where discovery stands (or why it
// failed, with the AWS code), and one query card per named query found, run and recorded like the step's own.
import type { NamedQueriesState, RunView } from '../shared/messages';
import { post, t } from './api';
import { h } from './dom';
import { showFailure, type QueryCard } from './queryCard';

export class NamedQueriesSection {
  readonly element: HTMLElement;
  private readonly discoverButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly problem: HTMLElement;
  private readonly list: HTMLElement;
  private readonly cards = new Map<string, QueryCard>();
  private state: NamedQueriesState = { phase: 'idle', queries: [] };
  private signature = '';

  constructor(private readonly createCard: (queryId: string) => QueryCard) {
    this.discoverButton = h('button', { type: 'button', class: 'secondary' }, t('discover'));
    this.discoverButton.addEventListener('click', () => post({ type: 'discoverNamedQueries' }));
    this.status = h('span', { class: 'progress', role: 'status', 'aria-live': 'polite' });
    this.problem = h('div', { class: 'problem', role: 'alert', hidden: true });
    this.list = h('div', { class: 'query-list' });
    this.element = h(
      'section',
      { class: 'card named-queries', hidden: true },
      h('h2', {}, t('namedQueries')),
      h('p', { class: 'muted' }, t('namedQueriesHelp')),
      h('div', { class: 'query-actions' }, this.discoverButton, this.status),
      this.problem,
      this.list,
    );
  }

  /** The card of a named query's id, for the run messages addressed to it. */
  card(queryId: string): QueryCard | undefined {
    return this.cards.get(queryId);
  }

  show(offered: boolean, runs: RunView[]): void {
    this.element.hidden = !offered;
    this.refresh(runs);
  }

  update(state: NamedQueriesState, runs: RunView[]): void {
    this.state = state;
    const workgroup = state.workgroup ?? '';
    this.discoverButton.disabled = state.phase === 'discovering';
    this.status.textContent =
      state.phase === 'discovering'
        ? t('discovering', workgroup)
        : state.phase === 'done' && state.queries.length === 0
          ? t('noNamedQueries', workgroup)
          : state.phase === 'done'
            ? t('namedQueriesFound', workgroup, state.queries.length)
            : '';
    showFailure(this.problem, t('discoverFailed'), state.phase === 'failed' ? state.error : undefined);
    const signature = state.queries.map(q => q.id).join('\n');
    if (signature !== this.signature) {
      this.signature = signature;
      this.cards.clear();
      for (const query of state.queries) this.cards.set(query.id, this.createCard(query.id));
      this.list.replaceChildren(...[...this.cards.values()].map(c => c.element));
    }
    this.refresh(runs);
  }

  private refresh(runs: RunView[]): void {
    for (const query of this.state.queries) {
      const card = this.cards.get(query.id);
      if (!card) continue;
      card.update(query, runs, false);
      card.describe(query.description, t('namedDatabase', query.database));
    }
  }
}
