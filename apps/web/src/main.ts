import { currentCustomer, currentSession, onSessionChange, signIn, signOut, useCustomer } from './api.js';
import { BookingPanel } from './booking-panel.js';
import { byId, clear, say } from './dom.js';
import { explain } from './error-messages.js';
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
const accountMessages = byId<HTMLDivElement>('account-messages');
let closeLiveStream = (): void => undefined;

/** Someone else may be at the page now: show their bookings and listen to their news. */
function startCaller(): void {
  const session = currentSession();
  byId('sign-in-form').hidden = session !== undefined;
  byId('customer-form').hidden = session !== undefined;
  byId('signed-in').hidden = session === undefined;
  byId('signed-in-name').textContent = session?.username ?? '';
  byId('signed-in-role').textContent = session?.role ?? '';
  byId('customer-shown').textContent = currentCustomer() || 'the demo customer';
  closeLiveStream();
  myBookings.reset();
  void myBookings.reload();
  const liveState = byId('live-state');
  closeLiveStream = openLiveStream({
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

const customerInput = byId<HTMLInputElement>('customer-id');
customerInput.value = localStorage.getItem(customerKey) ?? 'demo-customer';
useCustomer(customerInput.value);
byId<HTMLFormElement>('customer-form').addEventListener('submit', (event) => {
  event.preventDefault();
  useCustomer(customerInput.value);
  localStorage.setItem(customerKey, currentCustomer());
  startCaller();
});

byId<HTMLFormElement>('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const username = byId<HTMLInputElement>('username');
  const password = byId<HTMLInputElement>('password');
  say(accountMessages, 'Signing in…');
  signIn(username.value.trim(), password.value).then(
    () => {
      password.value = '';
      clear(accountMessages);
    },
    (error: unknown) => {
      say(accountMessages, explain(error), 'error');
      password.select();
    },
  );
});
byId('sign-out').addEventListener('click', () => signOut());
onSessionChange((session) => {
  if (!session) say(accountMessages, 'Signed out.');
  startCaller();
});
window.addEventListener('hashchange', route);

startCaller();
route();
void booking.start();
