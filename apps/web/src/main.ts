import { currentCustomer, useCustomer } from './api.js';
import { BookingPanel } from './booking-panel.js';
import { byId } from './dom.js';
import { LiveState, openLiveStream } from './live-stream.js';
import { MyBookingsPanel } from './my-bookings-panel.js';
import { StaffPanel } from './staff-panel.js';

const customerKey = 'movie-booking.customer';
const views = ['book', 'bookings', 'staff'] as const;
type View = (typeof views)[number];

const liveText: Record<LiveState, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live updates on',
  reconnecting: 'Live updates interrupted, reconnecting…',
  closed: 'Live updates off',
};

const myBookings = new MyBookingsPanel();
const booking = new BookingPanel((made) => myBookings.added(made));
const staff = new StaffPanel();
let closeLiveStream = (): void => undefined;

function startCustomer(id: string): void {
  useCustomer(id);
  localStorage.setItem(customerKey, currentCustomer());
  byId('customer-shown').textContent = currentCustomer() || 'the demo customer';
  closeLiveStream();
  myBookings.reset();
  void myBookings.reload();
  const liveState = byId('live-state');
  closeLiveStream = openLiveStream(currentCustomer(), {
    notification: (view) => {
      myBookings.notified(view);
      void booking.refreshSeats();
    },
    state: (state) => {
      liveState.textContent = liveText[state];
      liveState.dataset.state = state;
      // Nothing is replayed after a drop: read again what may have changed meanwhile.
      if (state === 'live') void myBookings.reload();
    },
  });
}

/** `#book`, `#bookings`, `#staff` or `#staff/<booking id>`. */
function route(): void {
  const [name, argument] = location.hash.slice(1).split('/');
  const view: View = (views as readonly string[]).includes(name) ? (name as View) : 'book';
  for (const each of views) {
    byId(`view-${each}`).hidden = each !== view;
    const link = byId(`nav-${each}`);
    if (each === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (view === 'staff' && argument) staff.lookUp(decodeURIComponent(argument));
  if (view === 'bookings') void myBookings.reload();
}

const customerForm = byId<HTMLFormElement>('customer-form');
const customerInput = byId<HTMLInputElement>('customer-id');
customerInput.value = localStorage.getItem(customerKey) ?? 'demo-customer';
customerForm.addEventListener('submit', (event) => {
  event.preventDefault();
  startCustomer(customerInput.value);
});
window.addEventListener('hashchange', route);

startCustomer(customerInput.value);
route();
void booking.start();
