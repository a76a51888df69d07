import { createSignal, type JSX, Show } from 'solid-js';
import type { Citation } from '../lib/api.ts';
import { type MatterCitation, viewerCitation } from '../lib/matter.ts';
import { Viewer } from './Viewer.tsx';
import './matter.css';

/** The page viewer of a whole-matter screen: which citation it shows, and the element to give focus back to. */
export function createMatterViewer() {
  const [shown, setShown] = createSignal<Citation | null>(null);
  let opener: HTMLElement | null = null;
  return {
    shown,
    /** Opens `citation`'s page with its quote highlighted, titled `[n]`. */
    open(citation: MatterCitation, n: number): void {
      const focused = document.activeElement;
      if (!shown()) opener = focused instanceof HTMLElement && focused !== document.body ? focused : null;
      setShown(viewerCitation(citation, n));
    },
    close(): void {
      setShown(null);
      if (opener?.isConnected) opener.focus({ preventScroll: true });
      opener = null;
    },
  };
}

/**
 * The page viewer over the right of a whole-matter screen (the whole window when it is narrow), as the
 * Documents screen opens one; closed with its button or Esc.
 */
export function MatterViewer(props: {
  slug: string;
  viewer: ReturnType<typeof createMatterViewer>;
}): JSX.Element {
  return (
    <Show when={props.viewer.shown()}>
      {(citation) => (
        <div class="matter-viewer">
          <Viewer slug={props.slug} citation={citation()} onClose={() => props.viewer.close()} />
        </div>
      )}
    </Show>
  );
}
