import { basename } from 'node:path';
import type { CatalogueEntry } from './catalogue.ts';
import { prefixesFor } from './embedding-prefixes.ts';
import { inspectGguf } from './gguf-info.ts';
import type { InstalledModel, ModelRole, ModelSource } from './installed-model.ts';
import { fileSha256 } from './llama-runtime.ts';

/** What the caller knows about a model file beyond its GGUF header. */
export interface EntryFields {
  id: string;
  source: ModelSource;
  managed: boolean;
  name?: string | undefined;
  role?: ModelRole | null | undefined;
  catalogue?: CatalogueEntry | undefined;
  url?: string | undefined;
  sha256?: string | undefined;
  queryPrefix?: string | undefined;
  documentPrefix?: string | undefined;
}

/** Reads a GGUF file and describes it as a `models.json` entry (validating it on the way). */
export async function describeModelFile(file: string, fields: EntryFields): Promise<InstalledModel> {
  const info = await inspectGguf(file);
  const sha256 = fields.sha256 ?? (await fileSha256(file));
  const role = fields.role !== undefined ? fields.role : (fields.catalogue?.role ?? info.role);
  const name = fields.name ?? fields.catalogue?.name ?? info.name ?? basename(file);
  const entry: InstalledModel = {
    id: fields.id,
    name,
    file,
    role,
    sizeBytes: info.sizeBytes,
    sha256,
    source: fields.source,
    managed: fields.managed,
    architecture: info.architecture,
    addedAt: new Date().toISOString(),
  };
  if (fields.catalogue) entry.catalogueId = fields.catalogue.id;
  if (fields.url) entry.url = fields.url;
  if (info.contextLength !== null) entry.contextLength = info.contextLength;
  if (info.quantization !== null) entry.quantization = info.quantization;
  if (role === 'embedding') {
    if (info.embeddingLength !== null) entry.dimension = info.embeddingLength;
    const known = prefixesFor({
      catalogueId: fields.catalogue?.id,
      id: fields.id,
      name,
      file: basename(file),
      architecture: info.architecture,
    });
    const queryPrefix = fields.queryPrefix ?? known?.queryPrefix;
    const documentPrefix = fields.documentPrefix ?? known?.documentPrefix;
    if (queryPrefix !== undefined) entry.queryPrefix = queryPrefix;
    if (documentPrefix !== undefined) entry.documentPrefix = documentPrefix;
  }
  return entry;
}
