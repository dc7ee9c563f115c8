// The step panel page. It draws what the host sends, posts what the user does, and keeps its scroll position (and
// each result grid its layout) in the webview state so a hidden-then-shown panel comes back as it was. One panel can
// move from step to step: a new step id starts the page over.
import './styles.css';
import type { HostToWebview, StepView, WebviewPersistedState } from '../shared/messages';
import { loadTexts, post, settleResponse, t, vscode } from './api';
import { h } from './dom';
import { JumpLinks } from './jumpLinks';
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
const jumpLinks = new JumpLinks(form.header, [
  { text: 'guidance', section: form.guidanceCard },
  { text: 'queries', section: queriesCard },
  { text: 'questions', section: form.questionsCard },
  { text: 'notes', section: form.notesCard },
]);
form.header.appendChild(jumpLinks.element);
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
    // Results of earlier runs come back from their evidence files; nothing runs.
    for (const card of cards.values()) void card.showLastResult();
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

function showStep(view: StepView, guidanceCollapsed: boolean): void {
  if (current && current.stepId !== view.stepId) {
    // The panel moved to another step: nothing of the last one stays (cards, scroll).
    querySignature = '';
    drawn = false;
    persisted.scrollY = 0;
    namedQueries.update({ phase: 'idle', queries: [] }, []);
  }
  current = view;
  setResultsTimeZone(view.resultsTimeZone);
  document.title = view.title;
  form.update(view);
  parameters.update(view.parameterDefinitions, view.parameters);
  updateQueries(view);
  namedQueries.show(!!view.offersNamedQueries, view.runs);
  jumpLinks.update();
  if (!drawn) {
    drawn = true;
    // The host's remembered choice applies when a step is drawn; a toggle meanwhile is the user's own.
    form.collapseGuidance(guidanceCollapsed);
    // Queries come right after the guidance, with the parameters they use above them: the first Run button is near
    // the top. The checklist and questions follow the results they are about.
    app.replaceChildren(
      form.header,
      form.guidanceCard,
      parameters.element,
      queriesCard,
      namedQueries.element,
      form.checklistCard,
      form.questionsCard,
      form.notesCard,
    );
    window.scrollTo(0, persisted.stepId === view.stepId ? persisted.scrollY : 0);
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
      showStep(message.view, message.guidanceCollapsed);
      break;
    case 'response':
      settleResponse(message);
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
