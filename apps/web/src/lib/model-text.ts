// How the models screen names models' roles and sources, and explains a failed import.
import { ApiError, type InstalledModel, type ModelRole } from './api.ts';
import { messageOf } from './format.ts';

const ROLE_LABELS: Record<ModelRole, string> = {
  chat: 'Chat (writes answers)',
  embedding: 'Embedding (search)',
  rerank: 'Rerank (orders passages)',
};

/** `"Chat (writes answers)"`; a model whose file does not record its role says so. */
export function roleLabel(role: ModelRole | null): string {
  return role === null ? 'Role not recorded in the file' : ROLE_LABELS[role];
}

/** Where an installed model came from, and whether Quire owns its file. */
export function sourceLabel(model: InstalledModel): string {
  switch (model.source) {
    case 'download':
      return 'Downloaded by Quire';
    case 'import':
      return model.managed ? "Copied into Quire's folder" : 'Your file, used where it is';
    case 'ollama':
      return 'Ollama (used where it is)';
    case 'lmstudio':
      return 'LM Studio (used where it is)';
    case 'builtin':
      return 'Built in';
  }
}

/** Whether removing the model deletes its file (only files Quire downloaded or copied). */
export function deletesFile(model: InstalledModel): boolean {
  return model.managed;
}

/** A failed import in plain words. */
export function explainImportError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'model-missing') return `No readable file there: ${error.message}`;
    if (error.code === 'model-invalid') return `This file is not a usable GGUF model: ${error.message}`;
    if (error.code === 'model-too-large') return `This model is too large for this machine: ${error.message}`;
  }
  return `Could not import: ${messageOf(error)}`;
}
