import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The built-in embedding model takes a few seconds to generate: integration tests (and the CLI processes
// they start, which inherit this environment) share one models folder instead of building it per home.
process.env.QUIRE_MODELS_DIR ??= join(tmpdir(), 'quire-test-models');
