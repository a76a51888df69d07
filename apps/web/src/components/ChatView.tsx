import type { JSX } from 'solid-js';

/** A workspace's conversations: threads, the streamed cited answer, the cited-answers panel and the viewer. */
export function ChatView(props: { slug: string; documents: number }): JSX.Element {
  return <section class="chat">Chat for {props.slug}</section>;
}
