// The web UI's copy of the whole-matter response shapes (apps/web/src/lib/matter.ts) is the server's
// contract (apps/server/src/matter-types.ts) exactly: checked by the compiler (`tsc`) and by vitest.
import { expectTypeOf, it } from 'vitest';
import type * as Server from '../../../apps/server/src/matter-types.ts';
import type * as Web from '../../../apps/web/src/lib/matter.ts';

it('mirrors the server’s timeline, overview and compare shapes exactly', () => {
  expectTypeOf<Web.MatterCitation>().toEqualTypeOf<Server.MatterCitation>();
  expectTypeOf<Web.TimelineEvent>().toEqualTypeOf<Server.TimelineEvent>();
  expectTypeOf<Web.TimelineResult>().toEqualTypeOf<Server.TimelineResult>();
  expectTypeOf<Web.DocumentOverview>().toEqualTypeOf<Server.DocumentOverview>();
  expectTypeOf<Web.MatterOverview>().toEqualTypeOf<Server.MatterOverview>();
  expectTypeOf<Web.CompareResult>().toEqualTypeOf<Server.CompareResult>();
});
