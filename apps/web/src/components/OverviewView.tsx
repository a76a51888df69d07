import { createEffect, createMemo, createResource, For, type JSX, on, onCleanup, Show } from 'solid-js';
import { matterOverview } from '../lib/api.ts';
import { baseName, messageOf, plural } from '../lib/format.ts';
import {
  DATE_SOURCES,
  type DocumentOverview,
  documentName,
  formatIsoDate,
  type MatterCitation,
  similarityText,
} from '../lib/matter.ts';
import { pageText } from '../lib/page-label.ts';
import { routeHash } from '../lib/route.ts';
import { SCOPE_KINDS } from '../lib/scope.ts';
import { createMatterViewer, MatterViewer } from './MatterViewer.tsx';

/** While documents are still being read, the overview is loaded again this often. */
const PENDING_REFRESH_MS = 4000;

/** A kind as a group's heading names it: "PDF", "Email", "Spreadsheet". */
function kindName(kind: string): string {
  return SCOPE_KINDS.find((k) => k.kind === kind)?.name ?? kind;
}

/** "Still reading 3 documents…" while the server has not read every indexed document yet. */
export function PendingNote(props: { pending: number }): JSX.Element {
  return (
    <Show when={props.pending > 0}>
      <p class="matter-pending" role="status" data-testid="matter-pending">
        Still reading {plural(props.pending, 'document')}…
      </p>
    </Show>
  );
}

function DocumentCard(props: {
  slug: string;
  doc: DocumentOverview;
  onOpen: (citation: MatterCitation, n: number) => void;
}): JSX.Element {
  const date = () => props.doc.date;
  return (
    <article
      class="matter-doc"
      data-testid="overview-document"
      data-document-id={props.doc.documentId}
      aria-label={documentName(props.doc)}
    >
      <header class="matter-doc-head">
        <h5 class="matter-doc-title" title={props.doc.paths.join('\n')}>
          {documentName(props.doc)}
        </h5>
        <span class="matter-kind">{kindName(props.doc.kind)}</span>
      </header>
      <p class="matter-facts muted">
        <Show when={props.doc.title}>
          <span class="matter-file">{baseName(props.doc.path)}</span> ·{' '}
        </Show>
        <Show when={date()} fallback={<span data-testid="document-date">undated</span>}>
          {(known) => (
            <span data-testid="document-date" title={`Date read from ${DATE_SOURCES[known().source]}`}>
              {formatIsoDate(known().value)}{' '}
              <span class="matter-date-source">(from {DATE_SOURCES[known().source]})</span>
            </span>
          )}
        </Show>{' '}
        · <span data-testid="page-count">{plural(props.doc.pageCount, 'page')}</span>
      </p>
      <Show when={props.doc.parties.length > 0}>
        <p class="matter-parties" data-testid="parties">
          <span class="muted">Parties:</span> {props.doc.parties.join('; ')}
        </p>
      </Show>
      <Show when={props.doc.attachedTo}>
        {(email) => <p class="matter-attached muted">Attached to {baseName(email())}</p>}
      </Show>
      <Show
        when={props.doc.summary.sentences.length > 0}
        fallback={<p class="muted matter-no-summary">No summary: no sentence of it could be cited.</p>}
      >
        <ol class="matter-summary" aria-label={`Summary of ${documentName(props.doc)}`}>
          <For each={props.doc.summary.sentences}>
            {(sentence, i) => (
              <li>
                <Show when={sentence.citations[0]} fallback={<span>{sentence.text}</span>}>
                  {(first) => (
                    <button
                      type="button"
                      class="matter-cite"
                      data-testid="summary-sentence"
                      data-verified={first().verified ? 'true' : 'false'}
                      title={`Open ${pageText(first())} with this sentence highlighted`}
                      onClick={() => props.onOpen(first(), i() + 1)}
                    >
                      {sentence.text} <span class="matter-cite-page">({pageText(first())})</span>
                      <Show when={!first().verified}>
                        {' '}
                        <span class="matter-unverified">quote not found on the page</span>
                      </Show>
                    </button>
                  )}
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={props.doc.versions.length > 0}>
        <p class="matter-versions" data-testid="versions">
          <span class="muted">Versions:</span>{' '}
          <For each={props.doc.versions}>
            {(version, i) => (
              <>
                <Show when={i() > 0}>, </Show>
                <a
                  href={routeHash({
                    view: 'workspace',
                    slug: props.slug,
                    tab: 'compare',
                    compare: { a: props.doc.documentId, b: version.documentId },
                  })}
                  data-testid="version-link"
                  title={`Compare with ${version.path}`}
                >
                  Compare with {documentName(version)}
                </a>{' '}
                <span class="muted">({similarityText(version.similarity)})</span>
              </>
            )}
          </For>
        </p>
      </Show>
    </article>
  );
}

/**
 * What a workspace's matter holds (`data-testid="overview"`): its indexed documents grouped by kind
 * (`data-testid="overview-group"`), each group by date, each document (`data-testid="overview-document"`)
 * with its title, kind, date and where the date came from, page count, parties, its summary's sentences
 * (each opening its page with the sentence highlighted) and links comparing it with its other versions.
 * While documents are still being read it says so, and loads itself again until they are.
 */
export function OverviewView(props: { slug: string }): JSX.Element {
  const slug = createMemo(() => props.slug);
  const [overview, { refetch }] = createResource(slug, (wanted) => matterOverview(wanted));
  /** The overview last loaded (kept while it loads again); undefined while none is, or after a failure. */
  const loaded = () =>
    overview.state === 'ready' || overview.state === 'refreshing' ? overview.latest : undefined;
  const viewer = createMatterViewer();
  const byId = createMemo(
    () => new Map((loaded()?.documents ?? []).map((doc) => [doc.documentId, doc] as const)),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(() => {
    clearTimeout(timer);
    if (overview.state === 'ready' && overview().pending > 0)
      timer = setTimeout(() => void refetch(), PENDING_REFRESH_MS);
  });
  createEffect(on(slug, () => viewer.close(), { defer: true }));
  onCleanup(() => clearTimeout(timer));

  return (
    <section class="matter overview" data-testid="overview" aria-labelledby="overview-heading">
      <header class="matter-head">
        <h3 id="overview-heading">Overview</h3>
        <Show when={loaded()}>
          {(current) => (
            <p class="muted matter-count">
              {plural(current().documents.length, 'document')} ·{' '}
              <a href={routeHash({ view: 'workspace', slug: props.slug, tab: 'timeline' })}>Timeline</a>
            </p>
          )}
        </Show>
      </header>
      <Show when={overview.error}>
        <p class="error" role="alert">
          Could not load the overview: {messageOf(overview.error)}{' '}
          <button type="button" onClick={() => void refetch()}>
            Try again
          </button>
        </p>
      </Show>
      <Show
        when={loaded()}
        fallback={
          <Show when={!overview.error}>
            <p class="muted" role="status">
              Loading the overview…
            </p>
          </Show>
        }
      >
        {(current) => (
          <>
            <PendingNote pending={current().pending} />
            <Show when={current().documents.length === 0 && current().pending === 0}>
              <p class="muted">
                No document is indexed in this workspace yet: add a folder in Settings, and follow the reading
                in{' '}
                <a href={routeHash({ view: 'workspace', slug: props.slug, tab: 'documents' })}>Documents</a>.
              </p>
            </Show>
            <For each={current().groups}>
              {(group) => (
                <section class="matter-group" data-testid="overview-group" data-kind={group.kind}>
                  <h4>
                    {kindName(group.kind)}{' '}
                    <span class="muted matter-group-count">
                      {plural(group.documentIds.length, 'document')}
                    </span>
                  </h4>
                  <For each={group.documentIds}>
                    {(id) => (
                      <Show when={byId().get(id)}>
                        {(doc) => <DocumentCard slug={props.slug} doc={doc()} onOpen={viewer.open} />}
                      </Show>
                    )}
                  </For>
                </section>
              )}
            </For>
          </>
        )}
      </Show>
      <MatterViewer slug={props.slug} viewer={viewer} />
    </section>
  );
}
