// The words a report writes for people only, in the playbook's language. Nothing here is read back: field labels,
// status words and markers stay in English in every report, so any report parses the same whatever its language.
export interface ReportHeadings {
  checklist: string;
  questions: string;
  /** Written in front of each question's text. */
  question: string;
  notes: string;
  runs: string;
  orphans: string;
}

const ENGLISH: ReportHeadings = {
  checklist: '#### Checklist',
  questions: '#### Questions',
  question: '**Question:**',
  notes: '#### Notes',
  runs: '#### Runs',
  orphans: '## Steps no longer in the playbook',
};

const HEADINGS: Record<string, ReportHeadings> = {
  en: ENGLISH,
  'zh-cn': {
    checklist: '#### 检查清单',
    questions: '#### 问题',
    question: '**问题：**',
    notes: '#### 备注',
    runs: '#### 查询记录',
    orphans: '## 剧本中已不存在的步骤',
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
