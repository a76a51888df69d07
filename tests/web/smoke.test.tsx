import { render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { expect, it } from 'vitest';

it('renders a reactive Solid component', async () => {
  const [count, setCount] = createSignal(1);
  render(() => <p>count {count()}</p>);
  expect(screen.getByText('count 1')).toBeTruthy();
  setCount(2);
  expect(await screen.findByText('count 2')).toBeTruthy();
});
