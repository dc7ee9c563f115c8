// The body of a `cloudtrail` query block: what to ask LookupEvents. Shared by the CloudTrail engine and the local
// engine's offline lookup, so a step runs the same way on both.
import type { ParameterDefinition } from './model';
import { substitutePlaceholders } from './placeholders';

const LOOKUP_ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;
type LookupAttributeKey = (typeof LOOKUP_ATTRIBUTE_KEYS)[number];

export interface LookupAttribute {
  key: LookupAttributeKey;
  value: string;
}

export interface LookupSpec {
  /** One LookupEvents call (or local lookup) per attribute; none means "all events in the window". */
  attributes: LookupAttribute[];
  start?: Date;
  end?: Date;
  /** 'all' for every enabled region, a list, or undefined for the current region. */
  regions?: 'all' | string[];
  /** Keep only events whose request opens a rule to the whole internet. */
  worldOpen: boolean;
}

interface LookupSpecProblem {
  /** 0-based line within the block body. */
  line: number;
  message: string;
}

const KEYS = new Set(['attribute', 'start', 'end', 'regions', 'world-open']);

/**
 * Parses a lookup body. Placeholders are resolved when `values` is given (running); without it (validating) they
 * are left in place and only the shape is checked.
 */
export function parseLookupSpec(
  body: string,
  values?: Record<string, string>,
  definitions: ParameterDefinition[] = [],
  now: Date = new Date(),
): { spec: LookupSpec; problems: LookupSpecProblem[] } {
  const spec: LookupSpec = { attributes: [], worldOpen: false };
  const problems: LookupSpecProblem[] = [];
  body.split(/\r?\n/).forEach((raw, line) => {
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const colon = text.indexOf(':');
    const key = colon > 0 ? text.slice(0, colon).trim().toLowerCase() : '';
    if (!KEYS.has(key)) {
      problems.push({ line, message: `unknown lookup line "${text}"; expected one of ${[...KEYS].join(', ')}` });
      return;
    }
    let value = text.slice(colon + 1).trim();
    if (values) {
      try {
        value = substitutePlaceholders(value, values, definitions, now);
      } catch (e) {
        problems.push({ line, message: e instanceof Error ? e.message : String(e) });
        return;
      }
    }
    switch (key) {
      case 'attribute': {
        const eq = value.indexOf('=');
        const k = value.slice(0, eq).trim();
        if (eq < 0 || !(LOOKUP_ATTRIBUTE_KEYS as readonly string[]).includes(k)) {
          problems.push({
            line,
            message: `attribute must be Key=Value with Key one of ${LOOKUP_ATTRIBUTE_KEYS.join(', ')}`,
          });
        } else {
          spec.attributes.push({ key: k as LookupAttributeKey, value: value.slice(eq + 1).trim() });
        }
        break;
      }
      case 'start':
      case 'end': {
        if (values) {
          const d = new Date(value);
          if (isNaN(d.getTime())) problems.push({ line, message: `${key} is not a time: "${value}"` });
          else spec[key] = d;
        }
        break;
      }
      case 'regions':
        spec.regions =
          value === 'all'
            ? 'all'
            : value
                .split(',')
                .map(r => r.trim())
                .filter(Boolean);
        break;
      case 'world-open':
        spec.worldOpen = value === 'true';
        break;
    }
  });
  return { spec, problems };
}
