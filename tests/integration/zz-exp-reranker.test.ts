import { join } from 'node:path';
import { getSharedLlama } from '@quire/embeddings';
import { it } from 'vitest';
import { writeTinyReranker } from '../fixtures/tiny-reranker.ts';

it('exp', async () => {
  const p = '/tmp/rr/r.gguf';
  await writeTinyReranker(p);
  const llama = await getSharedLlama();
  const model = await llama.loadModel({ modelPath: p });
  console.log('tokens', model.tokens.bos, model.tokens.eos, model.tokens.sep, model.fileInsights.supportsRanking, model.trainContextSize);
  console.log(model.tokenize('the tenant must pay rent, tenants'), model.detokenize(model.tokenize('The tenant must pay rent, tenants')));
  const ctx = await model.createRankingContext({ contextSize: 512 });
  const q = 'tenant rent notice deposit lease';
  const docs = ['weather sunny today', 'tenant weather', 'tenant rent garden', 'tenant rent notice', 'tenant rent notice deposit', 'tenant rent notice deposit lease',
   'tenant rent notice deposit lease river mountain guitar music train station oven flour bread', 'lease lease', 'xyz unknown words here', ''];
  const scores = await ctx.rankAll(q, docs);
  docs.forEach((d, i) => console.log(scores[i], d));
  console.log(await ctx.rank(q, docs[3]!), ctx.calculateInputLength(q, docs[3]!));
  await ctx.dispose(); await model.dispose();
});
