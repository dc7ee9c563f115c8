// Named profiles from the AWS shared config and credentials files, as the AWS CLI and SDKs see them, so the user
// can pick one and we can say what kind of sign-in it needs before any call is made.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseIni } from './iniFile';

export type ProfileKind =
  'static' | 'assume-role' | 'sso' | 'sso-session' | 'credential-process' | 'web-identity' | 'login' | 'incomplete';

export interface AwsProfile {
  name: string;
  kind: ProfileKind;
  region?: string;
  /** Assume-role profiles: the role, where its base credentials come from, and the MFA device if one is required. */
  roleArn?: string;
  sourceProfile?: string;
  mfaSerial?: string;
  /** SSO profiles: the `[sso-session]` name (sso-session kind) and the account/role signed into. */
  ssoSession?: string;
  ssoAccountId?: string;
  ssoRoleName?: string;
  /** Which files define the profile. */
  files: Array<'config' | 'credentials'>;
}

export type Env = Record<string, string | undefined>;

interface AwsFilePaths {
  configFile: string;
  credentialsFile: string;
}

function homeDir(env: Env): string {
  return env.HOME || env.USERPROFILE || homedir();
}

function expandHome(path: string, env: Env): string {
  return path.startsWith('~/') || path === '~' ? join(homeDir(env), path.slice(1)) : path;
}

/** The two files, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE. */
export function awsFilePaths(env: Env = process.env): AwsFilePaths {
  return {
    configFile: expandHome(env.AWS_CONFIG_FILE || join(homeDir(env), '.aws', 'config'), env),
    credentialsFile: expandHome(env.AWS_SHARED_CREDENTIALS_FILE || join(homeDir(env), '.aws', 'credentials'), env),
  };
}

/** The profile a session uses when none is named: AWS_PROFILE, else "default". */
export function defaultProfileName(env: Env = process.env): string {
  return env.AWS_PROFILE || 'default';
}

/** The region the environment asks for (AWS_REGION wins over AWS_DEFAULT_REGION, as in the SDK and CLI). */
export function regionFromEnv(env: Env = process.env): string | undefined {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

async function readOptional(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new Error(`cannot read the AWS file ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** What sign-in a profile's properties describe. */
export function profileKind(p: Record<string, string>): ProfileKind {
  // Same precedence as the SDK's ini credential provider.
  if (p.role_arn && (p.source_profile || p.credential_source)) return 'assume-role';
  if (p.aws_access_key_id && p.aws_secret_access_key) return 'static';
  if (p.role_arn && p.web_identity_token_file) return 'web-identity';
  if (p.credential_process) return 'credential-process';
  if (p.sso_session) return 'sso-session';
  if (p.sso_start_url || p.sso_account_id || p.sso_role_name || p.sso_region) return 'sso';
  if (p.login_session) return 'login';
  return 'incomplete';
}

export interface ProfileEntry {
  props: Record<string, string>;
  files: Array<'config' | 'credentials'>;
}

interface AwsConfigData {
  /** Merged properties per profile name; the credentials file wins over the config file, as in the SDK. */
  profiles: Map<string, ProfileEntry>;
  /** `[sso-session name]` sections of the config file. */
  ssoSessions: Map<string, Record<string, string>>;
}

export async function readAwsConfig(env: Env = process.env): Promise<AwsConfigData> {
  const paths = awsFilePaths(env);
  const [configText, credentialsText] = await Promise.all([
    readOptional(paths.configFile),
    readOptional(paths.credentialsFile),
  ]);
  const profiles = new Map<string, ProfileEntry>();
  const ssoSessions = new Map<string, Record<string, string>>();
  const add = (name: string, props: Record<string, string>, file: 'config' | 'credentials') => {
    const entry = profiles.get(name) ?? { props: {}, files: [] };
    Object.assign(entry.props, props);
    entry.files.push(file);
    profiles.set(name, entry);
  };
  for (const [section, props] of parseIni(configText)) {
    // In the config file only `[default]` and `[profile name]` are profiles; `[services x]` is not.
    if (section === 'default') add('default', props, 'config');
    else if (section.startsWith('profile ')) add(section.slice('profile '.length).trim(), props, 'config');
    else if (section.startsWith('sso-session ')) ssoSessions.set(section.slice('sso-session '.length).trim(), props);
  }
  for (const [section, props] of parseIni(credentialsText)) add(section, props, 'credentials');
  return { profiles, ssoSessions };
}

/** Every profile in the shared files, sorted by name, with its kind and region. */
export async function listProfiles(env: Env = process.env): Promise<AwsProfile[]> {
  const profiles: AwsProfile[] = [];
  for (const [name, { props, files }] of (await readAwsConfig(env)).profiles) {
    profiles.push({
      name,
      kind: profileKind(props),
      region: props.region || undefined,
      roleArn: props.role_arn,
      sourceProfile: props.source_profile,
      mfaSerial: props.mfa_serial,
      ssoSession: props.sso_session,
      ssoAccountId: props.sso_account_id,
      ssoRoleName: props.sso_role_name,
      files,
    });
  }
  return profiles.sort((a, b) => a.name.localeCompare(b.name));
}
