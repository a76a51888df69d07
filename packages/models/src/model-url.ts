import { posix } from 'node:path';
import { ModelManagerError } from './manager-errors.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The download URL for an `hf:<owner>/<repo>/<path>.gguf` URI or an https URL. Plain http is accepted
 * only for a loopback host (a local mirror, or tests). Throws `bad-model-reference` otherwise.
 */
export function resolveModelUrl(ref: string): URL {
  if (ref.startsWith('hf:')) {
    const parts = ref.slice(3).split('/').filter(Boolean);
    const [owner, repo, ...path] = parts;
    if (!owner || !repo || path.length === 0) {
      throw new ModelManagerError(
        'bad-model-reference',
        `Expected hf:<owner>/<repo>/<file>.gguf, got "${ref}".`,
      );
    }
    const encoded = path.map(encodeURIComponent).join('/');
    return new URL(`https://huggingface.co/${owner}/${repo}/resolve/main/${encoded}`);
  }
  let url: URL;
  try {
    url = new URL(ref);
  } catch (cause) {
    throw new ModelManagerError(
      'bad-model-reference',
      `"${ref}" is not a catalogue id, an hf: URI or an https URL.`,
      { cause },
    );
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) return url;
  throw new ModelManagerError(
    'bad-model-reference',
    `Only https downloads are allowed (http only from this machine): ${ref}`,
  );
}

/** The file name a download is saved under: the URL's last path segment, decoded and made safe. */
export function fileNameFromUrl(url: URL): string {
  const last = decodeURIComponent(posix.basename(url.pathname));
  const safe = last.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '');
  if (!safe) return 'model.gguf';
  return safe.toLowerCase().endsWith('.gguf') ? safe : `${safe}.gguf`;
}
