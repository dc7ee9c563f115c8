// Which NIST SP 800-61r2 phase a level-2 heading names. Authors spell phases many ways ("Detection & Analysis",
// "2. Detection", "[**CONTAINMENT**]"); case, punctuation, "&" and a leading number are ignored.
import { PHASE_IDS, type PhaseId } from './model';

/** The title shown for each phase when the playbook's own wording is not at hand. */
export const PHASE_TITLES: Record<PhaseId, string> = {
  'preparation': 'Preparation',
  'detection-analysis': 'Detection and Analysis',
  'containment-eradication': 'Containment and Eradication',
  'recovery': 'Recovery',
  'post-incident': 'Post-Incident Activity',
};

const ALIASES: Record<PhaseId, string[]> = {
  'preparation': ['preparation', 'prepare'],
  'detection-analysis': ['detection and analysis', 'detection analysis', 'detect and analyze', 'detect and analyse',
    'detection', 'analysis', 'detect', 'analyze', 'analyse'],
  'containment-eradication': ['containment and eradication', 'containment eradication', 'contain and eradicate',
    'containment', 'eradication', 'contain', 'eradicate'],
  'recovery': ['recovery', 'recover'],
  'post-incident': ['post incident activity', 'post incident activities', 'post incident', 'lessons learned'],
};

const BY_NAME = new Map<string, PhaseId>(PHASE_IDS.flatMap(id => ALIASES[id].map(name => [name, id] as const)));

/** Reduces heading text to lower-case words: "Part 2 — Detection & Analysis" → "detection and analysis". */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^(?:(?:part|phase|stage|step)\s+)?\d+(?:\s+\d+)*\s+/, '');
}

export function phaseIdFromHeading(text: string): PhaseId | undefined {
  return text.length > 200 ? undefined : BY_NAME.get(normalise(text));
}

/** The phase titles, for messages that tell the author what a phase heading may say. */
export function phaseSpellings(): string {
  return PHASE_IDS.map(id => PHASE_TITLES[id]).join(', ');
}
