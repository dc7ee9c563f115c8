// A profile's credential_process is a command the user configured; when it fails, the SDK's error quotes the whole
// command line and everything the command wrote to stderr, where a helper may print tokens, keys or its own
// arguments (a password, an MFA secret). That text never reaches a run record or a report: the session turns the
// failure into a fixed message naming the profile (errors.ts), and only a redacted account of it goes to the log.
import { EngineError } from '../engine/types';
import { credentialProcessError, isAbort } from './errors';
import { profileKind, type ProfileEntry } from './profiles';

/** Longest account of one failure written to the log. */
const LOG_DETAIL_CHARS = 2000;
/** Most of the SDK's text looked at (stderr can be megabytes): the redaction stays cheap. */
const DETAIL_INPUT_CHARS = 8000;
/** The same failure again within this time is not logged again. */
const REPEAT_LOG_MS = 60_000;
/** Deepest source_profile chain followed (the SDK refuses cycles; this only bounds the walk). */
const MAX_CHAIN = 10;

const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|ABIA|ACCA)[A-Z0-9]{12,}\b/g;
/** Secret keys are 40 characters of base64, session tokens several hundred: any long base64 run goes. */
const LONG_SECRET = /[A-Za-z0-9/+]{32,}={0,2}/g;
/** `secret=…`, `"SessionToken": "…"`, `--password …`: the name stays, the value goes. */
const NAMED_SECRET =
  /((?:secret|token|password|passwd|credential|session|key)[\w-]*["']?(?:\s*[:=]\s*|\s+)["']?)[^\s"',;}]+/gi;

/** The command whose failure the session hides: the profile's own, or that of the profile it assumes a role from. */
export function credentialProcessOf(profile: string, profiles: Map<string, ProfileEntry>): string | undefined {
  let name: string | undefined = profile;
  for (let depth = 0; name !== undefined && depth < MAX_CHAIN; depth++) {
    const props: Record<string, string> | undefined = profiles.get(name)?.props;
    if (!props) return undefined;
    const kind = profileKind(props);
    if (kind === 'credential-process') return props.credential_process;
    name = kind === 'assume-role' ? props.source_profile : undefined;
  }
  return undefined;
}

/** Splits a command line the way a shell would for simple quoting, to find its program and arguments. */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(m => m[1] ?? m[2] ?? m[3]);
}

/** The failure's text without the command line, its arguments, or anything that looks like a credential. */
export function redactCredentialDetails(text: string, command: string): string {
  const [program, ...args] = words(command);
  // A cut secret would be too short to be recognised: what was cut goes back to the last blank.
  const input = text.length > DETAIL_INPUT_CHARS ? text.slice(0, DETAIL_INPUT_CHARS).replace(/\S*$/, '…') : text;
  let out = input.split(command).join('<credential_process command>');
  // Longest first, so an argument that contains a shorter one is removed whole.
  for (const arg of args.filter(a => a.length >= 3).sort((a, b) => b.length - a.length)) {
    out = out.split(arg).join('<argument>');
  }
  out = out
    .replace(NAMED_SECRET, '$1<redacted>')
    .replace(ACCESS_KEY_ID, '<access key id>')
    .replace(LONG_SECRET, '<redacted>');
  out = out.replace(/^Command failed: .*$/m, `Command failed: ${program ?? ''} (arguments not shown)`).trim();
  return out.length > LOG_DETAIL_CHARS ? `${out.slice(0, LOG_DETAIL_CHARS - 1)}…` : out;
}

/** The SDK's wording for a credential_process that failed to run, or ran and answered badly. */
function isProcessFailure(e: unknown): boolean {
  const message = e instanceof Error ? e.message : String(e);
  return /^Command failed|credential_process/i.test(message);
}

type Provider<T> = () => Promise<T>;

/**
 * Wraps a profile's credential provider: a failing credential_process becomes the fixed EngineError (no cause
 * attached, so nothing can print the raw text later) and its redacted details go to `log`.
 */
export function hideCredentialProcessFailure<T>(
  provider: Provider<T>,
  profile: string,
  command: string,
  log: ((line: string) => void) | undefined,
): Provider<T> {
  let lastLogged: { line: string; at: number } | undefined;
  return async () => {
    try {
      return await provider();
    } catch (e) {
      if (e instanceof EngineError || isAbort(e) || !isProcessFailure(e)) throw e;
      const line =
        `credential_process of profile "${profile}" failed: ` +
        redactCredentialDetails(e instanceof Error ? e.message : String(e), command);
      // Every client of a run asks for credentials: the same failure is logged once, not once per region.
      if (line !== lastLogged?.line || Date.now() - lastLogged.at > REPEAT_LOG_MS) {
        log?.(line);
        lastLogged = { line, at: Date.now() };
      }
      throw credentialProcessError(profile);
    }
  };
}
