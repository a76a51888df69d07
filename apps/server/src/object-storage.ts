import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { StorageUnreachableError, StoreError } from '@quire/index';
import { errorCode, QuireError } from './errors.ts';

/**
 * A workspace index on object storage (`s3://bucket/prefix`): the URI is checked here, and the storage
 * options LanceDB needs are read at each opening from the standard AWS variables or an AWS credentials
 * file outside the data home. They are held in memory only: never written to `workspace.json`, never
 * printed, and removed from any error message (see {@link redactSecrets}).
 */

/** An `s3://bucket[/prefix]` URI without credentials, query or fragment; else `invalid-request`. */
export function checkIndexUri(uri: string): string {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/[A-Za-z0-9._\-/]*)?$/.exec(uri);
  if (!match)
    throw new QuireError(
      'invalid-request',
      'An index location must be s3://bucket/prefix (bucket: lower-case letters, digits, dots and hyphens; ' +
        'no credentials in it: they are read from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or a credentials file)',
    );
  return uri.replace(/\/+$/, '');
}

/** Secret values seen in this process (keys, session tokens): removed from every message shown. */
const secrets = new Set<string>();

/** `text` with every credential this process has read replaced by `***`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

/** `error`'s message with credentials removed (see {@link redactSecrets}). */
export function redactedMessage(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}

/** `[profile]` sections of an AWS credentials or config file: `key = value` lines. */
function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*(?:profile\s+)?([^\]]+?)\s*\]$/.exec(line);
    if (header?.[1]) {
      current = new Map();
      sections.set(header[1], current);
      continue;
    }
    const pair = /^([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(line);
    if (pair?.[1] && current) current.set(pair[1].toLowerCase(), pair[2] ?? '');
  }
  return sections;
}

/**
 * The profile's entries of the AWS credentials file (`AWS_SHARED_CREDENTIALS_FILE`, default
 * `~/.aws/credentials`; profile `AWS_PROFILE`, default `default`); empty when there is none. A file inside
 * the data home is refused: credentials are never kept beside the data they open.
 */
function credentialsFile(env: NodeJS.ProcessEnv, home: string): Map<string, string> {
  const file = resolve(env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials'));
  const within = relative(resolve(home), file);
  if (within !== '' && !within.startsWith('..') && !isAbsolute(within)) {
    throw new QuireError(
      'invalid-request',
      'The AWS credentials file lies inside the Quire data home; keep it outside (AWS_SHARED_CREDENTIALS_FILE)',
    );
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return new Map();
  }
  return parseIni(text).get(env.AWS_PROFILE ?? 'default') ?? new Map();
}

/**
 * LanceDB storage options for an `s3://` index, from the environment (`AWS_ENDPOINT_URL`,
 * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION`/`AWS_DEFAULT_REGION`,
 * `AWS_ALLOW_HTTP`) and, for what the environment leaves unset, the credentials file. Secrets read are
 * remembered for redaction.
 */
export function storageOptionsFor(
  home: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const file = credentialsFile(env, home);
  const pick = (variable: string | undefined, key: string) => (variable ? variable : file.get(key));
  const options: Record<string, string> = {};
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '') options[name] = value;
  };
  set('endpoint', pick(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL, 'endpoint_url'));
  set('awsAccessKeyId', pick(env.AWS_ACCESS_KEY_ID, 'aws_access_key_id'));
  set('awsSecretAccessKey', pick(env.AWS_SECRET_ACCESS_KEY, 'aws_secret_access_key'));
  set('awsSessionToken', pick(env.AWS_SESSION_TOKEN, 'aws_session_token'));
  set('region', pick(env.AWS_REGION || env.AWS_DEFAULT_REGION, 'region'));
  // Plain http only when asked for: credentials and text would cross the network unencrypted.
  if (env.AWS_ALLOW_HTTP !== undefined)
    set('allowHttp', /^(1|true|yes)$/i.test(env.AWS_ALLOW_HTTP) ? 'true' : 'false');
  for (const key of ['awsAccessKeyId', 'awsSecretAccessKey', 'awsSessionToken'] as const) {
    const value = options[key];
    // Very short values (a test's "x") would blank out ordinary words: only real secrets are tracked.
    if (value !== undefined && value.length >= 8) secrets.add(value);
  }
  return options;
}

/**
 * An object store's failure met after the index was opened (a search, a sync's write), as the
 * `storage-unreachable` error an opening gives, and a table gone from under an open index as
 * `index-missing`; anything else unchanged. LanceDB passes such failures on
 * as its object store's debug text (`Generic { store: "S3", source: … }`).
 */
export function asStorageFailure(error: unknown): unknown {
  if (errorCode(error) !== null || !(error instanceof Error)) return error;
  if (/\bstore: "(S3|GCS|MicrosoftAzure)"/.test(error.message))
    return new StorageUnreachableError('its object storage', error, 'read');
  // A table whose versions are gone: the index was removed under this open workspace.
  if (/lance error: Not found: \S+\.lance\/_versions/.test(error.message))
    return new StoreError(
      'index-missing',
      'The index is gone from where it was kept (its tables were removed: was the workspace deleted on the machine that indexes it?)',
      { cause: error },
    );
  return error;
}
