import type { BuiltinWarmup } from '../builtin-warmup.ts';
import type { WorkspaceRegistry } from '../workspace-registry.ts';
import type { WorkspaceService } from '../workspace-service.ts';

/** What every API router is built from (injected, so tests hand it real parts in temp folders). */
export interface ApiDeps {
  /** The data home: workspaces, models, quire.json. */
  home: string;
  registry: WorkspaceRegistry;
  /** Open (and, in the server, watched) workspaces shared by all requests. */
  service: WorkspaceService;
  /** The server's background build of the built-in model, whose progress the event stream carries. */
  modelBuild?: BuiltinWarmup;
}
