import { h } from './dom.js';
import { SeatMap } from './types.js';

/**
 * The hall as buttons, screen at the top. One seat is in the tab order at a time; the arrow
 * keys, Home and End move between seats, Space or Enter picks one. Taken seats stay
 * focusable (so they are heard as taken) but cannot be picked.
 */
export class SeatMapView {
  readonly element = h('div', { class: 'seat-map', role: 'group', 'aria-label': 'Seats' });
  private buttons: HTMLButtonElement[][] = [];

  constructor(private readonly toggled: (seat: string) => void) {
    this.element.addEventListener('keydown', (event) => this.move(event));
  }

  show(map: SeatMap, selected: ReadonlySet<string>): void {
    const focusedSeat = (document.activeElement as HTMLElement | null)?.dataset?.seat;
    this.buttons = map.rows.map((row) => row.seats.map(({ seat, free }) => this.seatButton(seat, free, selected.has(seat))));
    const rows = map.rows.map((row, index) =>
      h('div', { class: 'seat-row' }, h('span', { class: 'row-label', 'aria-hidden': 'true' }, row.row), ...this.buttons[index]),
    );
    this.element.replaceChildren(h('div', { class: 'screen', 'aria-hidden': 'true' }, 'Screen'), ...rows);
    const all = this.buttons.flat();
    const current = all.find((b) => b.dataset.seat === focusedSeat) ?? all.find((b) => b.getAttribute('aria-disabled') !== 'true') ?? all[0];
    if (current) {
      current.tabIndex = 0;
      if (focusedSeat) current.focus();
    }
  }

  private seatButton(seat: string, free: boolean, selected: boolean): HTMLButtonElement {
    const state = !free ? 'taken' : selected ? 'selected' : 'free';
    return h('button', {
      type: 'button',
      class: `seat ${state}`,
      'data-seat': seat,
      tabindex: -1,
      'aria-label': `${seat}, ${state}`,
      'aria-pressed': free ? String(selected) : undefined,
      'aria-disabled': free ? undefined : 'true',
      title: `${seat} ${state}`,
      onclick: () => {
        if (free) this.toggled(seat);
      },
    }, seat);
  }

  private move(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    const row = this.buttons.findIndex((seats) => seats.includes(target as HTMLButtonElement));
    if (row < 0) return;
    const column = this.buttons[row].indexOf(target as HTMLButtonElement);
    const steps: Record<string, [number, number]> = {
      ArrowLeft: [row, column - 1], ArrowRight: [row, column + 1], ArrowUp: [row - 1, column], ArrowDown: [row + 1, column],
      Home: [row, 0], End: [row, this.buttons[row].length - 1],
    };
    const to = steps[event.key];
    if (!to) return;
    event.preventDefault();
    const next = this.buttons[to[0]]?.[to[1]];
    if (!next) return;
    (target as HTMLButtonElement).tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }
}
