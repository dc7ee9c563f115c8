// An inline IAM policy that only denies can only take permissions away from the user or role it is put on, which makes
// PutUserPolicy/PutRolePolicy a containment action (deny everything; deny sessions issued before a time). Anything
// that could grant is refused: an Allow statement, a statement without an Effect, a document that is not JSON.
import type { InputValue } from './awsBlockSpec';

/** A whole `{{name}}` value: unknown while validating, checked again once the engine has resolved it. */
const PLACEHOLDER = /^\{\{[^{}]*\}\}$/;

/** Why this policy document is not deny-only, or undefined when it is (or is still a placeholder). */
export function denyOnlyProblem(value: InputValue): string | undefined {
  let doc: unknown = value;
  if (typeof value === 'string') {
    if (PLACEHOLDER.test(value.trim())) return undefined;
    try {
      doc = JSON.parse(value);
    } catch (e) {
      return `is not a JSON policy document (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || doc instanceof Date) {
    return 'is not a policy document: write an object with Version and Statement';
  }
  // Keys that differ from Statement/Effect only in case would leave the check and IAM reading different elements.
  const odd = (o: object, name: string) =>
    Object.keys(o).some(k => k !== name && k.toLowerCase() === name.toLowerCase());
  if (odd(doc, 'Statement')) return 'spells Statement in another case: write it exactly "Statement"';
  const statement = (doc as Record<string, unknown>).Statement;
  const statements = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  if (!statements.length) return 'has no Statement: a deny-only policy needs at least one Deny statement';
  for (const [i, s] of statements.entries()) {
    const effect = s && typeof s === 'object' && !Array.isArray(s) ? (s as Record<string, unknown>).Effect : undefined;
    if (effect === 'Deny' && odd(s as object, 'Effect')) {
      return `statement ${i + 1} spells Effect in another case besides "Effect": write it once, exactly "Effect"`;
    }
    if (effect !== 'Deny') {
      const given = effect === undefined ? 'no Effect' : `Effect ${JSON.stringify(effect)}`;
      return `may only deny: statement ${i + 1} has ${given} (every statement needs "Effect": "Deny")`;
    }
  }
  return undefined;
}

/**
 * The document as the API takes it: JSON text (a block may write it as a YAML mapping). Text is parsed and written
 * again, so that what IAM receives is what was checked (a duplicated key in the text is read one way by JSON.parse
 * and maybe another by IAM). Call only once denyOnlyProblem has passed.
 */
export function policyDocumentText(value: InputValue): string {
  return JSON.stringify(typeof value === 'string' ? JSON.parse(value) : value);
}
