// Object-storage settings (issue 20): which index URIs are accepted, where credentials are read from (the
// environment first, then the AWS credentials file, never a file inside the data home), and that every
// credential read is removed from messages.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '@quire/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuireError } from '../../../apps/server/src/errors.ts';
import {
  asStorageFailure,
  checkIndexUri,
  redactedMessage,
  redactSecrets,
  storageOptionsFor,
} from '../../../apps/server/src/object-storage.ts';
import { tempDir } from '../../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let outside: string;

beforeAll(async () => {
  tmp = await tempDir();
  home = join(tmp.path, 'home');
  await mkdir(home);
  outside = join(tmp.path, 'credentials');
  await writeFile(
    outside,
    [
      '# a comment',
      '[default]',
      'aws_access_key_id = AKIAFILEDEFAULT0001',
      'aws_secret_access_key = fileDefaultSecretValue0001',
      'region = eu-west-2',
      '',
      '[profile audit]',
      'aws_access_key_id = AKIAFILEAUDIT00002',
      'aws_secret_access_key = fileAuditSecretValue0002',
      'endpoint_url = https://s3.example.internal',
    ].join('\n'),
  );
});

afterAll(async () => tmp.cleanup());

describe('checkIndexUri', () => {
  it('accepts s3://bucket and s3://bucket/prefix, without a trailing slash', () => {
    expect(checkIndexUri('s3://matters')).toBe('s3://matters');
    expect(checkIndexUri('s3://firm-matters.eu/clients/acme-2024/')).toBe(
      's3://firm-matters.eu/clients/acme-2024',
    );
  });

  it('refuses other schemes, credentials in the URI, queries and bad bucket names', () => {
    for (const uri of [
      'https://bucket/x',
      'gs://bucket/x',
      's3://KEY:SECRET@bucket/x',
      's3://bucket/x?versionId=1',
      's3://Bucket/x',
      's3://b/x',
      '/tmp/index',
    ]) {
      expect(() => checkIndexUri(uri), uri).toThrow(/s3:\/\/bucket\/prefix/);
    }
  });
});

describe('storageOptionsFor', () => {
  it('reads the standard AWS variables, and plain http only when AWS_ALLOW_HTTP says so', () => {
    const env = {
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9000',
      AWS_ACCESS_KEY_ID: 'AKIAENVKEY000000001',
      AWS_SECRET_ACCESS_KEY: 'envSecretValue000000001',
      AWS_SESSION_TOKEN: 'envSessionToken000000001',
      AWS_REGION: 'us-east-1',
      AWS_SHARED_CREDENTIALS_FILE: join(tmp.path, 'absent'),
    };
    expect(storageOptionsFor(home, env)).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      awsAccessKeyId: 'AKIAENVKEY000000001',
      awsSecretAccessKey: 'envSecretValue000000001',
      awsSessionToken: 'envSessionToken000000001',
      region: 'us-east-1',
    });
    expect(storageOptionsFor(home, { ...env, AWS_ALLOW_HTTP: 'true' }).allowHttp).toBe('true');
    expect(storageOptionsFor(home, { ...env, AWS_ALLOW_HTTP: '0' }).allowHttp).toBe('false');
  });

  it('fills what the environment leaves unset from the credentials file, by AWS_PROFILE', () => {
    expect(storageOptionsFor(home, { AWS_SHARED_CREDENTIALS_FILE: outside })).toEqual({
      awsAccessKeyId: 'AKIAFILEDEFAULT0001',
      awsSecretAccessKey: 'fileDefaultSecretValue0001',
      region: 'eu-west-2',
    });
    expect(
      storageOptionsFor(home, {
        AWS_SHARED_CREDENTIALS_FILE: outside,
        AWS_PROFILE: 'audit',
        AWS_REGION: 'us-east-2',
      }),
    ).toEqual({
      endpoint: 'https://s3.example.internal',
      awsAccessKeyId: 'AKIAFILEAUDIT00002',
      awsSecretAccessKey: 'fileAuditSecretValue0002',
      region: 'us-east-2',
    });
    // An empty variable counts as unset.
    expect(
      storageOptionsFor(home, { AWS_SHARED_CREDENTIALS_FILE: outside, AWS_ACCESS_KEY_ID: '' }).awsAccessKeyId,
    ).toBe('AKIAFILEDEFAULT0001');
  });

  it('refuses a credentials file inside the data home', async () => {
    const inside = join(home, 'aws-credentials');
    await writeFile(inside, '[default]\naws_access_key_id = AKIAINSIDE000000001\n');
    expect(() => storageOptionsFor(home, { AWS_SHARED_CREDENTIALS_FILE: inside })).toThrow(
      /inside the Quire data home/,
    );
  });

  it('removes every credential it has read from messages', () => {
    storageOptionsFor(home, { AWS_SHARED_CREDENTIALS_FILE: outside, AWS_PROFILE: 'audit' });
    const text = 'request with AKIAFILEAUDIT00002 signed by fileAuditSecretValue0002 failed';
    expect(redactSecrets(text)).toBe('request with *** signed by *** failed');
    expect(redactedMessage(new Error(text))).not.toMatch(/AKIAFILEAUDIT|fileAuditSecret/);
    // Ordinary words are left alone.
    expect(redactSecrets('the deposit is nine thousand dollars')).toBe(
      'the deposit is nine thousand dollars',
    );
  });
});

describe('asStorageFailure', () => {
  it("turns an object store's failure met mid-read into storage-unreachable, with the storage's code", () => {
    // The text LanceDB passes on (as seen against s3rver with an unknown key id).
    const raw = new Error(
      'Invalid input, Failed to connect to namespace: IO { source: Generic { store: "S3", source: ListRequest { source: RetryError(RetryErrorImpl { method: GET, uri: Some(http://127.0.0.1:39311/b?list-type=2), retries: 0, max_retries: 3, inner: Status { status: 403, body: Some("<Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message></Error>") } }) } } }',
    );
    const failure = asStorageFailure(raw);
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).code).toBe('storage-unreachable');
    expect((failure as Error).message).toBe(
      'Could not read the index at its object storage: InvalidAccessKeyId (The AWS Access Key Id you provided does not exist in our records.)',
    );
  });

  it('turns a table gone from under an open index into index-missing', () => {
    const gone = asStorageFailure(
      new Error(
        'Failed to execute query stream: GenericFailure, lance error: Not found: firm/matter-1/documents.lance/_versions, /usr/local/cargo/registry/src/lance-table-10.0.0/src/io/commit.rs:646:26',
      ),
    );
    expect((gone as StoreError).code).toBe('index-missing');
    expect((gone as Error).message).toMatch(/^The index is gone/);
  });

  it('leaves every other error as it is', () => {
    const plain = new Error('ENOENT: no such file');
    expect(asStorageFailure(plain)).toBe(plain);
    const own = new QuireError('not-found', 'No such workspace');
    expect(asStorageFailure(own)).toBe(own);
  });
});
