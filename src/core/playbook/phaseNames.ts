// Which NIST SP 800-61r2 phase a level-2 heading names. Authors spell phases many ways ("Detection & Analysis",
// "2. Detection", "[**CONTAINMENT**]", "Part 4b — Recover", "Eradicate & Recover") and AWS's translated playbooks
// name them in German, Spanish, French, Japanese and Chinese; case, accents, punctuation, "&" and a leading number
// are ignored. The importer reads the same words, so there is one list.
import { PHASE_IDS, type PhaseId } from './model';

/** The title shown for each phase when the playbook's own wording is not at hand. */
export const PHASE_TITLES: Record<PhaseId, string> = {
  preparation: 'Preparation',
  'detection-analysis': 'Detection and Analysis',
  'containment-eradication': 'Containment and Eradication',
  recovery: 'Recovery',
  'post-incident': 'Post-Incident Activity',
};

// Written as normalise() leaves them: lower case, no accents, words joined by single spaces, CJK as written. The
// translated names are those machine translation produced in AWS's published copies (including its typos).
const ALIASES: Record<PhaseId, string[]> = {
  preparation: [
    'preparation',
    'prepare',
    'vorbereitung',
    'vorbereiten',
    'preparacion',
    'preparar',
    'preparer',
    '準備',
    '准备',
    '準備段階',
  ],
  'detection-analysis': [
    'detection and analysis',
    'detection analysis',
    'detect and analyze',
    'detect and analyse',
    'detection',
    'analysis',
    'detect',
    'analyze',
    'analyse',
    'erkennung und analyse',
    'erkennung',
    'erkennen und analysieren',
    'analysieren',
    'deteccion y analisis',
    'deteccion',
    'analisis',
    'detectar y analizar',
    'detection et analyse',
    'detecter et analyser',
    'analyser',
    '検出と分析',
    '検出',
    '分析',
    '検知と分析',
    '検知',
    '检测和分析',
    '检测与分析',
    '检测',
    '侦测和分析',
  ],
  'containment-eradication': [
    'containment and eradication',
    'containment eradication',
    'contain and eradicate',
    'containment',
    'eradication',
    'contain',
    'eradicate',
    'contanment',
    'erradication',
    'eindammung und ausrottung',
    'eindammung und beseitigung',
    'eindammung',
    'ausrottung',
    'beseitigung',
    'eradikation',
    'tilgung',
    'ausmerzung',
    'contencion y erradicacion',
    'contencion',
    'erradicacion',
    'confinement et eradication',
    'confinement',
    'endiguement',
    '封じ込めと根絶',
    '封じ込め',
    '根絶',
    '撲滅',
    '包含',
    '遏制和根除',
    '遏制',
    '根除',
    '控制',
    '消除',
  ],
  recovery: [
    'recovery',
    'recover',
    'wiederherstellung',
    'erholung',
    'genesung',
    'recuperacion',
    'recuperation',
    'retablissement',
    'reprise',
    'リカバリ',
    'リカバリー',
    '回復',
    '復旧',
    '恢复',
    '复原',
  ],
  'post-incident': [
    'post incident activity',
    'post incident activities',
    'post incident',
    'lessons learned',
    'aktivitat nach dem vorfall',
    'aktivitaten nach dem vorfall',
    'gewonnene erkenntnisse',
    'gelernte lektionen',
    'lektionen gelernt',
    'erkenntnisse',
    'actividad posterior al incidente',
    'actividades posteriores al incidente',
    'actividades posteriores a incidente',
    'lecciones aprendidas',
    'activite apres l incident',
    'activites apres l incident',
    'activite post incident',
    'activites post incident',
    'lecons apprises',
    'lecons tirees',
    'enseignements tires',
    'lecons retenues',
    'インシデント後の活動',
    'インシデント後のアクティビティ',
    '教訓',
    '学んだ教訓',
    '得られた教訓',
    '教訓を学んだ',
    '事件后活动',
    '事后活动',
    '吸取的教训',
    '经验教训',
  ],
};

const BY_NAME = new Map<string, PhaseId>(PHASE_IDS.flatMap(id => ALIASES[id].map(name => [name, id] as const)));

/** Words that join two phase names in a combined heading ("Eradicate & Recover", "遏制和根除"). */
const JOINER = /\s*(?:,|\/|\+|\band\b|\bund\b|\by\b|\bet\b|和|与|と)\s*/;

/** Reduces heading text to lower-case words: "Part 4b — Detection & Analysis" → "detection and analysis". */
function normalisePhaseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N},/+]+/gu, ' ')
    .trim()
    .replace(/^(?:(?:part|phase|stage|step|teil|parte|partie|etape|fase)\s+)?\d+[a-z]?(?:[\s,]+\d+[a-z]?)*\s+/, '')
    .replace(/\s*([,/+])\s*/g, '$1')
    .trim();
}

function lookup(normalised: string): PhaseId | undefined {
  return BY_NAME.get(normalised.replace(/[,/+]/g, ' ').replace(/\s+/g, ' ').trim());
}

/**
 * The phases a heading names, in order: one for "Containment", two for a combined heading such as "Eradicate &
 * Recover" or "Containment, Eradication and Recovery" (every part must name a phase). Empty when it names none.
 */
export function phaseIdsFromHeading(text: string): PhaseId[] {
  if (text.length > 200) return [];
  const normalised = normalisePhaseText(text);
  const whole = lookup(normalised);
  if (whole) return [whole];
  const parts = normalised.split(JOINER).filter(Boolean);
  if (parts.length < 2) return [];
  const ids: PhaseId[] = [];
  for (const part of parts) {
    const id = lookup(part);
    if (!id) return [];
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

export function phaseIdFromHeading(text: string): PhaseId | undefined {
  const ids = phaseIdsFromHeading(text);
  return ids.length === 1 ? ids[0] : undefined;
}

/**
 * Under a combined heading, the phase a step belongs to: the first of `ids` unless the step's title uses a name of
 * one of the others ("4.4 Recovery steps" under "Eradicate & Recover").
 */
export function phaseOfStepTitle(title: string, ids: PhaseId[]): PhaseId {
  const words = ` ${normalisePhaseText(title).replace(/[,/+]/g, ' ')} `;
  for (const id of ids.slice(1)) {
    if (
      ALIASES[id].some(
        name => words.includes(` ${name} `) || (/^\P{Script=Latin}+$/u.test(name) && words.includes(name)),
      )
    )
      return id;
  }
  return ids[0];
}

/** The phase titles, for messages that tell the author what a phase heading may say. */
export function phaseSpellings(): string {
  return PHASE_IDS.map(id => PHASE_TITLES[id]).join(', ');
}
