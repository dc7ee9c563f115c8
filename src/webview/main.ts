// The step panel page. It draws what the host sends, posts what the user does, and keeps its scroll position (and
// each result grid its layout) in the webview state so a hidden-then-shown panel comes back as it was.
import './styles.css';
import type { HostToWebview, StepView, WebviewPersistedState } from '../shared/messages';
import { loadTexts, post, t, vscode } from './api';
import { h } from './dom';
import { NamedQueriesSection } from './namedQueries';
import { ParameterForm } from './parameterForm';
import { QueryCard } from './queryCard';
import { setResultsTimeZone } from './results/timeZone';
import { StepForm } from './stepForm';

loadTexts();

const app = document.getElementById('app') as HTMLElement;
const persisted: WebviewPersistedState = vscode.getState() ?? { reportUri: '', stepId: '', scrollY: 0 };
const form = new StepForm();
const parameters = new ParameterForm(() => current && updateQueries(current));
const queryList = h('div', { class: 'query-list' });
const queriesCard = h('section', { class: 'card' }, h('h2', {}, t('queries')), queryList);
const cards = new Map<string, QueryCard>();
const namedQueries = new NamedQueriesSection(id => new QueryCard(id));
let current: StepView | undefined;
let querySignature = '';
let drawn = false;

function save(): void {
  vscode.setState(persisted);
}

function updateQueries(view: StepView): void {
  const signature = view.queries.map(q => q.id).join('\n');
  if (signature !== querySignature) {
    querySignature = signature;
    cards.clear();
    for (const query of view.queries) cards.set(query.id, new QueryCard(query.id));
    queryList.replaceChildren(...[...cards.values()].map(c => c.element));
  }
  queriesCard.hidden = view.queries.length === 0;
  const invalid = parameters.invalidNames();
  for (const query of view.queries) {
    cards.get(query.id)?.update(
      query,
      view.runs,
      query.parameters.some(p => invalid.has(p)),
    );
  }
}

function showStep(view: StepView): void {
  current = view;
  setResultsTimeZone(view.resultsTimeZone);
  document.title = view.title;
  form.update(view);
  parameters.update(view.parameterDefinitions, view.parameters);
  updateQueries(view);
  namedQueries.show(!!view.offersNamedQueries, view.runs);
  if (!drawn) {
    drawn = true;
    app.replaceChildren(
      form.header,
      form.guidanceCard,
      form.checklistCard,
      parameters.element,
      queriesCard,
      namedQueries.element,
      form.questionsCard,
      form.notesCard,
    );
    if (persisted.stepId === view.stepId) window.scrollTo(0, persisted.scrollY);
  }
  persisted.reportUri = view.reportUri;
  persisted.stepId = view.stepId;
  save();
}

function showMissing(reason: string): void {
  drawn = false;
  app.replaceChildren(
    h('section', { class: 'card problem', role: 'alert' }, h('h2', {}, t('stepMissing')), h('p', {}, reason)),
  );
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'step':
      showStep(message.view);
      break;
    case 'stepMissing':
      showMissing(message.reason);
      break;
    case 'namedQueries':
      namedQueries.update(message.state, current?.runs ?? []);
      break;
    default:
      (cards.get(message.queryId) ?? namedQueries.card(message.queryId))?.handle(message);
  }
});

let scrollFrame = 0;
window.addEventListener(
  'scroll',
  () => {
    if (scrollFrame) return;
    scrollFrame = requestAnimationFrame(() => {
      scrollFrame = 0;
      persisted.scrollY = window.scrollY;
      save();
    });
  },
  { passive: true },
);

app.replaceChildren(h('p', { class: 'muted' }, t('loading')));
post({ type: 'ready' });
