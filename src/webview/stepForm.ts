// The step's own record: status, guidance (collapsible, the choice kept for every step), checklist, questions with
// suggested answers, and notes. Every change is posted at once; the host gathers keystrokes before writing the report.
import type { StepStatus } from '../core/report/model';
import type { StepView } from '../shared/messages';
import { post, t } from './api';
import { h, setFieldValue, uniqueId } from './dom';

const STATUS_TEXT = {
  'not-started': 'statusNotStarted',
  'in-progress': 'statusInProgress',
  done: 'statusDone',
  skipped: 'statusSkipped',
} as const;

const STATUS_ACTIONS: { status: StepStatus; text: 'markInProgress' | 'markDone' | 'markSkipped' | 'reset' }[] = [
  { status: 'in-progress', text: 'markInProgress' },
  { status: 'done', text: 'markDone' },
  { status: 'skipped', text: 'markSkipped' },
  { status: 'not-started', text: 'reset' },
];

export class StepForm {
  readonly header: HTMLElement;
  readonly guidanceCard: HTMLElement;
  readonly checklistCard: HTMLElement;
  readonly questionsCard: HTMLElement;
  readonly notesCard: HTMLElement;
  private readonly title = h('h1');
  private readonly context = h('span', { class: 'muted step-context' });
  private readonly statusBadge = h('span', { class: 'status' });
  private readonly statusButtons: Map<StepStatus, HTMLButtonElement>;
  private readonly guidance = h('div', { class: 'guidance', id: uniqueId('guidance') });
  private readonly guidanceToggle: HTMLButtonElement;
  private readonly checklist = h('ul', { class: 'checklist' });
  private readonly questions = h('div', { class: 'questions' });
  private readonly notes: HTMLTextAreaElement;
  private readonly neighbours = h('nav', { class: 'step-nav' });
  private structure = '';
  private guidanceHtml = '';

  constructor() {
    this.statusButtons = new Map(
      STATUS_ACTIONS.map(a => {
        const button = h('button', { type: 'button', class: 'secondary' }, t(a.text));
        button.addEventListener('click', () => post({ type: 'setStatus', status: a.status }));
        return [a.status, button];
      }),
    );
    this.header = h(
      'header',
      { class: 'step-header' },
      this.neighbours,
      this.title,
      h(
        'div',
        { class: 'status-row' },
        h('span', { class: 'muted' }, `${t('status')}: `),
        this.statusBadge,
        ...this.statusButtons.values(),
        this.context,
      ),
    );
    const notesId = uniqueId('notes');
    this.notes = h('textarea', { id: notesId, rows: '5', placeholder: t('notesPlaceholder') });
    this.notes.addEventListener('input', () => post({ type: 'setNotes', value: this.notes.value }));
    this.checklistCard = h('section', { class: 'card' }, h('h2', {}, t('checklist')), this.checklist);
    this.questionsCard = h('section', { class: 'card' }, h('h2', {}, t('questions')), this.questions);
    this.guidanceToggle = h(
      'button',
      { type: 'button', class: 'section-toggle', 'aria-expanded': 'true', 'aria-controls': this.guidance.id },
      t('guidance'),
    );
    this.guidanceToggle.addEventListener('click', () => {
      const collapsed = !this.guidance.hidden;
      this.collapseGuidance(collapsed);
      post({ type: 'setGuidanceCollapsed', collapsed });
    });
    this.guidanceCard = h('section', { class: 'card guidance-card' }, h('h2', {}, this.guidanceToggle), this.guidance);
    this.notesCard = h('section', { class: 'card' }, h('h2', {}, h('label', { for: notesId }, t('notes'))), this.notes);
  }

  /** Shows or hides the guidance text; its heading stays, as the button that brings it back. */
  collapseGuidance(collapsed: boolean): void {
    this.guidance.hidden = collapsed;
    this.guidanceToggle.setAttribute('aria-expanded', String(!collapsed));
  }

  update(view: StepView): void {
    this.title.textContent = view.title;
    this.updateNeighbours(view);
    this.context.textContent = `${t('phase')}: ${view.phaseTitle} · ${t('report')}: ${view.reportName} · ${
      view.mode === 'exercise' ? t('exercise') : view.dataMode === 'local' ? t('dataLocal') : t('dataAws')
    }`;
    this.statusBadge.textContent = t(STATUS_TEXT[view.state.status]);
    this.statusBadge.dataset.status = view.state.status;
    for (const [status, button] of this.statusButtons) button.hidden = status === view.state.status;
    if (view.guidanceHtml !== this.guidanceHtml) {
      this.guidanceHtml = view.guidanceHtml;
      // Rendered and sanitised on the host (markdown-it without raw HTML, web and mail links only).
      this.guidance.innerHTML = view.guidanceHtml;
    }
    const structure = JSON.stringify([view.checklist, view.questions]);
    if (structure !== this.structure) {
      this.structure = structure;
      this.buildChecklist(view);
      this.buildQuestions(view);
    }
    for (const box of this.checklist.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) {
      box.checked = !!view.state.checklist[box.dataset.item ?? ''];
    }
    for (const answer of this.questions.querySelectorAll<HTMLTextAreaElement>('textarea')) {
      setFieldValue(answer, view.state.answers[answer.dataset.question ?? ''] ?? '');
    }
    setFieldValue(this.notes, view.state.notes);
  }

  private updateNeighbours(view: StepView): void {
    const link = (step: { id: string; title: string } | undefined, text: 'previousStep' | 'nextStep') => {
      if (!step) return h('span');
      const button = h('button', { type: 'button', class: 'link', title: step.title }, t(text, step.title));
      button.addEventListener('click', () => post({ type: 'openStep', stepId: step.id }));
      return button;
    };
    this.neighbours.replaceChildren(link(view.previousStep, 'previousStep'), link(view.nextStep, 'nextStep'));
  }

  private buildChecklist(view: StepView): void {
    this.checklistCard.hidden = view.checklist.length === 0;
    this.checklist.replaceChildren(
      ...view.checklist.map(item => {
        const id = uniqueId('check');
        const box = h('input', { type: 'checkbox', id });
        box.dataset.item = item.id;
        box.addEventListener('change', () => post({ type: 'setChecklist', itemId: item.id, checked: box.checked }));
        return h('li', {}, box, h('label', { for: id }, item.text));
      }),
    );
  }

  private buildQuestions(view: StepView): void {
    this.questionsCard.hidden = view.questions.length === 0;
    this.questions.replaceChildren(
      ...view.questions.map(q => {
        const id = uniqueId('question');
        const answer = h('textarea', { id, rows: '2', placeholder: t('answerPlaceholder') });
        answer.dataset.question = q.id;
        const send = () => post({ type: 'setAnswer', questionId: q.id, value: answer.value });
        answer.addEventListener('input', send);
        const chips = q.suggestions.map(s => {
          const chip = h('button', { type: 'button', class: 'chip' }, s);
          chip.addEventListener('click', () => {
            // A suggestion fills an empty answer, or adds a line to one already written.
            answer.value = answer.value.trim() ? `${answer.value.trimEnd()}\n${s}` : s;
            send();
          });
          return chip;
        });
        return h(
          'div',
          { class: 'question' },
          h('label', { for: id }, q.text),
          answer,
          chips.length
            ? h('div', { class: 'chips' }, h('span', { class: 'muted' }, t('suggestions')), ...chips)
            : undefined,
        );
      }),
    );
  }
}
