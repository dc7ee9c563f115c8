// The words a report writes for people only, in the playbook's language. Nothing here is read back by the state
// parser: field labels, status words and markers stay in English in every report, so any report parses the same
// whatever its language. The document's section headings are looked up by the linter (lint.ts) in every language.
export interface ReportHeadings {
  checklist: string;
  questions: string;
  /** Written in front of each question's text. */
  question: string;
  notes: string;
  runs: string;
  orphans: string;
  /** The document sections above the step-by-step record, in the order they are written. */
  sections: DocumentHeadings;
  /** Italic prompts under the sections the responder writes. */
  hints: Record<HintedSection, string>;
  /** Post-incident questions every review asks, after the playbook's own. */
  usualLessons: string[];
  /** The line that introduces the playbook's own lessons questions (answered in the step record). */
  playbookLessons: string;
  /** Labels of the classification list under the incident facts. */
  classification: Record<ClassificationKey, string>;
  /** The hint line above the classification list: `{0}` is what the playbook says about the incident. */
  classificationHint: string;
  /** Written after an untouched step's title on its one line. */
  notStarted: string;
}

export type DocumentSection =
  | 'classification'
  | 'summary'
  | 'impact'
  | 'timeline'
  | 'findings'
  | 'actionsTaken'
  | 'rootCause'
  | 'lessons'
  | 'actionItems'
  | 'record';

export type DocumentHeadings = Record<DocumentSection, string>;

type HintedSection = 'summary' | 'impact' | 'actionsTaken' | 'rootCause' | 'lessons' | 'actionItems';

export type ClassificationKey = 'ttps' | 'resources' | 'indicators' | 'logSources' | 'teams';

const ENGLISH: ReportHeadings = {
  checklist: '##### Checklist',
  questions: '##### Questions',
  question: '**Question:**',
  notes: '##### Notes',
  runs: '##### Runs',
  orphans: '### Steps no longer in the playbook',
  sections: {
    classification: '## Classification',
    summary: '## Summary',
    impact: '## Impact',
    timeline: '## Timeline',
    findings: '## Findings',
    actionsTaken: '## Actions taken',
    rootCause: '## Root cause',
    lessons: '## Lessons learned',
    actionItems: '## Action items',
    record: '## Appendix: step-by-step record',
  },
  hints: {
    summary: '_What happened, what it touched, and where things stand, in three or four sentences for management._',
    impact: '_Who and what was affected: data, systems, customers, cost, and for how long._',
    actionsTaken: '_What the team did to contain, eradicate and recover, and when._',
    rootCause: '_The weakness that made the incident possible, and why it was there._',
    lessons: '_Answer in the review meeting; blame nobody._',
    actionItems: '_One task a line: `- [ ] what — owner: name, due: YYYY-MM-DD, link`._',
  },
  usualLessons: [
    'What went well?',
    'What went badly, or took longer than it should have?',
    'What would have let us detect this sooner?',
    'What should change in this playbook?',
  ],
  playbookLessons: "The playbook's questions (answered in the step record below):",
  classification: {
    ttps: 'TTPs',
    resources: 'Resources',
    indicators: 'Indicators',
    logSources: 'Log sources',
    teams: 'Teams',
  },
  classificationHint: '_The playbook says: {0}_',
  notStarted: 'not started',
};

const HEADINGS: Record<string, ReportHeadings> = {
  en: ENGLISH,
  'zh-cn': {
    checklist: '##### 检查清单',
    questions: '##### 问题',
    question: '**问题：**',
    notes: '##### 备注',
    runs: '##### 查询记录',
    orphans: '### 剧本中已不存在的步骤',
    sections: {
      classification: '## 分类',
      summary: '## 摘要',
      impact: '## 影响',
      timeline: '## 时间线',
      findings: '## 发现',
      actionsTaken: '## 已采取的措施',
      rootCause: '## 根本原因',
      lessons: '## 经验教训',
      actionItems: '## 行动项',
      record: '## 附录：逐步记录',
    },
    hints: {
      summary: '_用三四句话向管理层说明发生了什么、影响到哪里、目前状况如何。_',
      impact: '_受影响的人和事：数据、系统、客户、费用，以及持续多久。_',
      actionsTaken: '_团队为遏制、根除和恢复做了什么，在什么时间。_',
      rootCause: '_使事件得以发生的薄弱环节，以及它为何存在。_',
      lessons: '_在复盘会议上回答；不追究个人责任。_',
      actionItems: '_每行一项任务：`- [ ] 内容 — owner: 姓名, due: YYYY-MM-DD, 链接`。_',
    },
    usualLessons: [
      '哪些做得好？',
      '哪些做得不好，或比预期耗时更长？',
      '怎样才能更早发现？',
      '这个剧本应该做哪些修改？',
    ],
    playbookLessons: '剧本中的问题（在下方逐步记录中回答）：',
    classification: {
      ttps: '战术、技术和程序（TTP）',
      resources: '资源',
      indicators: '指标',
      logSources: '日志来源',
      teams: '团队',
    },
    classificationHint: '_剧本中的说明：{0}_',
    notStarted: '未开始',
  },
};

/** Headings for a playbook `language` tag; English for a language without its own table, or none. */
export function reportHeadings(language: string | undefined): ReportHeadings {
  return (
    (language !== undefined && Object.prototype.hasOwnProperty.call(HEADINGS, language)
      ? HEADINGS[language]
      : undefined) ?? ENGLISH
  );
}

/** Every language's headings, for reading a report whose language is not known. */
export function allReportHeadings(): ReportHeadings[] {
  return Object.values(HEADINGS);
}
