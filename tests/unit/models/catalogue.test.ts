import { CATALOGUE, findCatalogueEntry, prefixesFor, resolveModelUrl } from '@quire/models';
import { describe, expect, it } from 'vitest';
import { fileNameFromUrl } from '../../../packages/models/src/model-url.ts';
import { slugify, uniqueId } from '../../../packages/models/src/models-file.ts';

describe('CATALOGUE', () => {
  it('has unique ids and the models the issue asks for, in every role', () => {
    const ids = CATALOGUE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'bge-small-en-v1.5',
      'nomic-embed-text-v1.5',
      'qwen3-embedding-0.6b',
      'bge-reranker-v2-m3',
      'qwen3-1.7b',
      'qwen3-4b',
      'llama-3.2-3b-instruct',
      'gemma-3-4b-it',
    ]) {
      expect(findCatalogueEntry(id), id).toBeDefined();
    }
    expect(new Set(CATALOGUE.map((e) => e.role))).toEqual(new Set(['embedding', 'chat', 'rerank']));
  });

  it('gives each entry an hf: URI and the matching resolve/main URL', () => {
    for (const entry of CATALOGUE) {
      expect(entry.hfUri).toMatch(/^hf:[^/]+\/[^/]+\/.+\.gguf$/);
      expect(entry.url).toMatch(/^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/main\/.+\.gguf$/);
      expect(resolveModelUrl(entry.hfUri).href).toBe(entry.url);
      expect(entry.sizeBytes).toBeGreaterThan(0);
      expect(entry.ramBytes).toBeGreaterThan(entry.sizeBytes);
      expect(Number.isInteger(entry.sizeBytes)).toBe(true);
      if (entry.sha256 !== undefined) expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('gives embedders a dimension and both prefixes', () => {
    for (const entry of CATALOGUE.filter((e) => e.role === 'embedding')) {
      expect(entry.dimension).toBeGreaterThan(0);
      expect(typeof entry.queryPrefix).toBe('string');
      expect(typeof entry.documentPrefix).toBe('string');
    }
  });
});

describe('prefixesFor', () => {
  it('reads the catalogue by catalogue id or id', () => {
    expect(prefixesFor({ catalogueId: 'nomic-embed-text-v1.5' })).toEqual({
      queryPrefix: 'search_query: ',
      documentPrefix: 'search_document: ',
    });
    expect(prefixesFor({ id: 'bge-small-en-v1.5' })?.queryPrefix).toBe(
      'Represent this sentence for searching relevant passages: ',
    );
    expect(prefixesFor({ id: 'qwen3-embedding-0.6b' })?.queryPrefix).toBe(
      'Instruct: Given a question, retrieve passages that answer it\nQuery: ',
    );
  });

  it('falls back on the architecture, then on well-known names, else none', () => {
    expect(prefixesFor({ id: 'my-embedder', architecture: 'nomic-bert' })?.documentPrefix).toBe(
      'search_document: ',
    );
    expect(prefixesFor({ file: 'bge-small-en-v1.5-f16.gguf', architecture: 'bert' })?.documentPrefix).toBe(
      '',
    );
    expect(prefixesFor({ name: 'multilingual-e5-small', architecture: 'bert' })?.queryPrefix).toBe('query: ');
    expect(prefixesFor({ name: 'all-MiniLM-L6-v2', architecture: 'bert' })).toBeNull();
    expect(prefixesFor({ id: 'qwen3-4b' })).toBeNull();
  });
});

describe('model references', () => {
  it('turns hf: URIs (with folders) into resolve/main URLs', () => {
    expect(resolveModelUrl('hf:owner/repo/sub dir/model-Q8_0.gguf').href).toBe(
      'https://huggingface.co/owner/repo/resolve/main/sub%20dir/model-Q8_0.gguf',
    );
    expect(() => resolveModelUrl('hf:owner/repo')).toThrow(
      expect.objectContaining({ code: 'bad-model-reference' }),
    );
  });

  it('accepts https, and http only on loopback', () => {
    expect(resolveModelUrl('https://example.com/m.gguf').hostname).toBe('example.com');
    expect(resolveModelUrl('http://127.0.0.1:8080/m.gguf').port).toBe('8080');
    for (const bad of ['http://example.com/m.gguf', 'ftp://example.com/m.gguf', 'not a url']) {
      expect(() => resolveModelUrl(bad), bad).toThrow(
        expect.objectContaining({ code: 'bad-model-reference' }),
      );
    }
  });

  it('names downloaded files after the URL', () => {
    expect(fileNameFromUrl(new URL('https://h/o/r/resolve/main/Qwen3-4B-Q4_K_M.gguf?download=true'))).toBe(
      'Qwen3-4B-Q4_K_M.gguf',
    );
    expect(fileNameFromUrl(new URL('https://h/files/..%2Fevil'))).toBe('evil.gguf');
  });

  it('makes short unique ids', () => {
    expect(slugify('Qwen3-4B-Q4_K_M.gguf')).toBe('qwen3-4b-q4_k_m');
    expect(slugify('qwen3:4b')).toBe('qwen3-4b');
    expect(uniqueId('a', new Set(['a', 'a-2']))).toBe('a-3');
  });
});

describe('findCatalogueEntry', () => {
  it('finds an entry by id in any case, by hf: URI and by URL', () => {
    const entry = findCatalogueEntry('qwen3-4b');
    expect(findCatalogueEntry('Qwen3-4B')).toBe(entry);
    expect(entry && findCatalogueEntry(entry.hfUri)).toBe(entry);
    expect(entry && findCatalogueEntry(entry.url)).toBe(entry);
    expect(findCatalogueEntry('no-such-model')).toBeUndefined();
  });
});
