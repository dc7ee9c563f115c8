// The incident document above the step-by-step record: classification, summary, impact, timeline, findings, actions
// taken, root cause, lessons learned and action items. These sections are the responder's own text (outside every
// region): they are written once, when the report is created, with a short italic prompt, and never rewritten. The
// Timeline and Findings sections are the two exceptions: regions the extension writes (findings are appended, the
// timeline is generated from the state on every write).
import { renderFindingsSection } from '../findings/findingsSection';
import { renderTimelineSection } from '../findings/timelineSection';
import type { Playbook } from '../playbook/model';
import { encodeLine } from './escape';
import { reportHeadings, type ClassificationKey, type ReportHeadings } from './headings';
import type { ReportState } from './model';

const CLASSIFICATION_ORDER: ClassificationKey[] = ['ttps', 'resources', 'indicators', 'logSources', 'teams'];

/** What the playbook says about the kind of incident: its "Incident profile" sentence, or a classification section. */
export function playbookClassification(playbook: Playbook): string | undefined {
  // The paragraph that starts "Incident profile:" (the shipped playbooks' way), as one line.
  const profile = /(?:^|\n)(?:\*\*)?Incident profile:?(?:\*\*)?:?[ \t]*([\s\S]+?)(?:\n[ \t]*\n|$)/i.exec(
    playbook.introduction ?? '',
  );
  if (profile) return profile[1].replace(/\s+/g, ' ').trim();
  const section = playbook.references?.find(r => /classif|分类/i.test(r.title));
  return section ? section.title : undefined;
}

/** Questions of the post-incident phase: the playbook's own lessons-learned questions. */
export function playbookLessonsQuestions(playbook: Playbook): { stepId: string; text: string }[] {
  return playbook.phases
    .filter(p => p.id === 'post-incident')
    .flatMap(p => p.steps.flatMap(s => s.questions.map(q => ({ stepId: s.id, text: q.text }))));
}

function classification(h: ReportHeadings, playbook: Playbook): string[] {
  const said = playbookClassification(playbook);
  return [
    h.sections.classification,
    '',
    ...(said !== undefined ? [h.classificationHint.replace('{0}', encodeLine(said)), ''] : []),
    ...CLASSIFICATION_ORDER.map(key => `- **${h.classification[key]}:**`),
  ];
}

function lessons(h: ReportHeadings, playbook: Playbook): string[] {
  const own = playbookLessonsQuestions(playbook);
  return [
    h.sections.lessons,
    '',
    h.hints.lessons,
    '',
    ...h.usualLessons.flatMap(q => [`**${encodeLine(q)}**`, '']),
    ...(own.length > 0 ? [h.playbookLessons, '', ...own.map(q => `- ${encodeLine(q.text)}`), ''] : []),
  ];
}

function hinted(heading: string, hint: string): string[] {
  return [heading, '', hint, ''];
}

/** The document sections, in order, as they are written into a new report. */
export function renderDocument(playbook: Playbook, state: ReportState): string {
  const h = reportHeadings(playbook.language);
  const s = h.sections;
  return [
    ...classification(h, playbook),
    '',
    ...hinted(s.summary, h.hints.summary),
    ...hinted(s.impact, h.hints.impact),
    renderTimelineSection(state, h),
    '',
    renderFindingsSection(state.findings ?? [], h),
    '',
    ...hinted(s.actionsTaken, h.hints.actionsTaken),
    ...hinted(s.rootCause, h.hints.rootCause),
    ...lessons(h, playbook),
    ...hinted(s.actionItems, h.hints.actionItems),
  ]
    .join('\n')
    .replace(/\n+$/, '');
}
