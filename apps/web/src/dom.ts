/** A few lines in place of a framework: build elements, format values. */

type Child = Node | string | number | null | undefined | false;
type Props = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** `h('button', { class: 'primary', onclick: go }, 'Book')`; false or undefined props are left off. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

const number = new Intl.NumberFormat();
export const money = (amount: number): string => number.format(amount);

const when = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
export const dateTime = (iso: string | null): string => (iso ? when.format(new Date(iso)) : '');

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
export const timeOfDay = (iso: string): string => clock.format(new Date(iso));

/** Shows a message in a region the page keeps for it; errors are read out at once, the rest when the reader is idle. */
export function say(region: HTMLElement, text: string, tone: 'info' | 'success' | 'error' = 'info', ...extra: Node[]): void {
  region.setAttribute('aria-live', tone === 'error' ? 'assertive' : 'polite');
  region.replaceChildren(h('p', { class: `message ${tone}` }, text, ...extra));
}

export function clear(region: HTMLElement): void {
  region.replaceChildren();
}
