import { copyFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type GgufValue, gguf, inspectGguf, writeGguf } from '@quire/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeScriptedChatModel } from '../../fixtures/tiny-models.ts';
import { tempDir } from '../../helpers/temp.ts';

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir.cleanup());

/** A header-only-sized GGUF with the given architecture, metadata and tensor names (one f32 tensor each). */
async function writeHeaderModel(
  name: string,
  architecture: string,
  extra: ReadonlyArray<readonly [string, GgufValue]> = [],
  tensorNames: readonly string[] = ['token_embd.weight'],
): Promise<string> {
  const path = join(dir.path, name);
  await writeGguf(path, {
    metadata: [
      ['general.architecture', gguf.string(architecture)],
      ['general.name', gguf.string(name)],
      [`${architecture}.context_length`, gguf.u32(512)],
      [`${architecture}.embedding_length`, gguf.u32(32)],
      ...extra,
    ],
    tensors: tensorNames.map((tensor) => ({
      name: tensor,
      shape: [32, 2],
      type: 'f32' as const,
      data: new Float32Array(64).fill(0.5),
    })),
  });
  return path;
}

describe('inspectGguf', () => {
  it('sees a BERT model as an embedder, with its width and context length', async () => {
    const info = await inspectGguf(
      await writeHeaderModel('bert.gguf', 'bert', [['bert.pooling_type', gguf.u32(1)]]),
    );
    expect(info).toMatchObject({
      architecture: 'bert',
      name: 'bert.gguf',
      role: 'embedding',
      poolingType: 'mean',
      embeddingLength: 32,
      contextLength: 512,
      hasChatTemplate: false,
    });
  });

  it('sees rank pooling or a classification head as a reranker', async () => {
    const ranked = await writeHeaderModel('rank.gguf', 'bert', [['bert.pooling_type', gguf.u32(4)]]);
    expect((await inspectGguf(ranked)).role).toBe('rerank');
    const head = await writeHeaderModel('head.gguf', 'bert', [], ['token_embd.weight', 'cls.output.weight']);
    expect((await inspectGguf(head)).role).toBe('rerank');
  });

  it('prefers last-token pooling over a chat template (Qwen3-Embedding style)', async () => {
    const path = await writeHeaderModel('qwen3-emb.gguf', 'qwen3', [
      ['qwen3.pooling_type', gguf.u32(3)],
      ['tokenizer.chat_template', gguf.string('{{ messages }}')],
    ]);
    expect((await inspectGguf(path)).role).toBe('embedding');
  });

  it('sees a chat template as a chat model, and nothing as no role', async () => {
    const chat = join(dir.path, 'scripted.gguf');
    await writeScriptedChatModel(chat);
    const info = await inspectGguf(chat);
    expect(info).toMatchObject({
      architecture: 'llama',
      role: 'chat',
      hasChatTemplate: true,
      quantization: 'Q8_0',
    });
    expect(info.name).toBe('tiny-scripted-chat');
    expect(info.sizeBytes).toBe((await stat(chat)).size);
    expect((await inspectGguf(await writeHeaderModel('base.gguf', 'llama'))).role).toBeNull();
  });

  it('refuses a file that is not a GGUF, a truncated one and a missing one', async () => {
    const text = join(dir.path, 'notes.gguf');
    await writeFile(text, 'these are my notes, not a model');
    await expect(inspectGguf(text)).rejects.toMatchObject({ code: 'model-invalid', message: /not a GGUF/ });

    const whole = await writeHeaderModel('whole.gguf', 'bert', [], ['a.weight', 'b.weight']);
    const cut = join(dir.path, 'cut.gguf');
    await copyFile(whole, cut);
    await truncate(cut, (await stat(whole)).size - 100);
    await expect(inspectGguf(cut)).rejects.toMatchObject({ code: 'model-invalid', message: /truncated/ });

    const headerOnly = join(dir.path, 'header-only.gguf');
    await copyFile(whole, headerOnly);
    await truncate(headerOnly, 40);
    await expect(inspectGguf(headerOnly)).rejects.toMatchObject({ code: 'model-invalid' });

    await expect(inspectGguf(join(dir.path, 'absent.gguf'))).rejects.toMatchObject({ code: 'model-missing' });
  });
});
