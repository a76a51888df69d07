import { type JSX, Show } from 'solid-js';
import { labelDiffers, type PageMarks, pageText } from '../lib/page-label.ts';
import './page-label.css';

/**
 * A cited page as a professional cites it (`data-testid="page-label"`, `data-labelled` when the printed
 * number differs from the file's page): "p. 257 (PDF p. 265)", "p. 5"; then its Bates number, when one is
 * stamped on it, as a small label of its own (`data-testid="bates"`).
 */
export function PageLabel(props: { marks: PageMarks }): JSX.Element {
  return (
    <>
      <span
        class="page-label"
        data-testid="page-label"
        data-labelled={labelDiffers(props.marks) ? 'true' : 'false'}
      >
        {pageText(props.marks)}
      </span>
      <Show when={props.marks.bates}>
        {(bates) => (
          <>
            {' '}
            <BatesLabel bates={bates()} />
          </>
        )}
      </Show>
    </>
  );
}

/** A Bates number as a small label of its own (`data-testid="bates"`). */
export function BatesLabel(props: { bates: string }): JSX.Element {
  return (
    <span class="bates-label" data-testid="bates" title="Bates number stamped on this page">
      <span class="visually-hidden">Bates number </span>
      {props.bates}
    </span>
  );
}
