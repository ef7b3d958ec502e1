import { existsSync, mkdirSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { get, post, request } from '../support/http';
import { Platform } from '../support/platform';

/** Debian's package; the test never downloads a browser. */
const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) {
  console.warn(`web front-end e2e skipped: ${chromiumPath} is missing (apt-get install -y chromium)`);
}

/**
 * Issue 6 in a real browser: the page the gateway serves at `/`, clicked through in headless
 * Chromium against the whole platform (embedded, SQLite, in-memory bus, gateway in demo mode).
 * Alice signs in and books on a phone-sized screen; the clerk signs in and prints her ticket in
 * another window.
 */
(hasChromium ? describe : describe.skip)('web front-end in headless Chromium', () => {
  const platform = new Platform({ suite: 'web', mode: 'embedded', basePort: 18900, database: 'sqlite', messaging: 'memory' });
  const gateway = () => platform.gateway;
  const phone = { width: 390, height: 844 };
  let browser: Browser;
  let customerContext: BrowserContext;
  let customer: Page;
  const pageErrors: string[] = [];

  /** Screenshots go to the suite's log folder; with UPDATE_SCREENSHOTS=1 also to docs/screenshots for the README. */
  const screenshot = async (page: Page, name: string) => {
    await page.screenshot({ path: join(platform.logDir, name), fullPage: true });
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      const docs = resolve(__dirname, '../../docs/screenshots');
      mkdirSync(docs, { recursive: true });
      await page.screenshot({ path: join(docs, name), fullPage: true });
    }
  };
  const seat = (page: Page, label: string) => page.locator(`.seat-map [data-seat="${label}"]`);
  const card = (page: Page, seats: string) => page.locator('.booking-card').filter({ has: page.locator('dd', { hasText: new RegExp(`^${seats}$`) }) });
  const messageOf = (page: Page, region: string) => page.locator(`#${region} .message`);
  /** The seeded users' demo-mode passwords are `<name>-demo`. */
  const signIn = async (page: Page, username: string) => {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(`${username}-demo`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#signed-in-name', { hasText: username }).waitFor();
  };
  const nav = (page: Page, name: string) => page.getByRole('link', { name, exact: true }).click();
  /** The status of a conditional GET, sent with node:http since fetch adds `cache-control: no-cache` to one. */
  const revalidated = (path: string, etag: string) =>
    new Promise<number | undefined>((done, fail) => {
      httpGet(`${gateway()}${path}`, { headers: { 'if-none-match': etag } }, (answer) => {
        answer.resume();
        done(answer.statusCode);
      }).on('error', fail);
    });

  beforeAll(async () => {
    await platform.resetDatabases();
    await platform.start();
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
    customerContext = await browser.newContext({ viewport: phone, baseURL: gateway() });
    // Nothing but the platform: any other request fails the test.
    await customerContext.route(/^(?!http:\/\/127\.0\.0\.1:18900\/)/, (route) => route.abort());
    customer = await customerContext.newPage();
    customer.on('pageerror', (error) => pageErrors.push(error.message));
    await customer.goto('/');
    await signIn(customer, 'alice');
    await customer.waitForSelector('#live-state[data-state="live"]');
  });

  afterAll(async () => {
    await browser?.close();
    await platform.stopAll();
  });

  it('serves the page at / with sensible headers, leaving the API and unknown paths as they were', async () => {
    const page = await fetch(`${gateway()}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const script = await fetch(`${gateway()}/main.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await revalidated('/main.js', script.headers.get('etag')!)).toBe(304);
    expect((await get(`${gateway()}/movies`)).body[0]).toHaveProperty('screenings');
    expect((await get(`${gateway()}/no-such-page`)).status).toBe(404);
  });

  it('shows the seat price before booking and says which seat someone else just took', async () => {
    await customer.locator('input[name="screening"][value="soul-2"]').check();
    await customer.waitForSelector('#seats-heading:has-text("Hall 1")');
    // Another customer takes 3E behind this page's back.
    expect((await post(`${gateway()}/books`, { qty: 1, screeningId: 'soul-2', seat: '3E' }, { 'x-customer-id': 'web-bob' })).status).toBe(201);
    await seat(customer, '3D').click();
    await seat(customer, '3E').click();
    expect(await customer.locator('#booking-summary').textContent()).toBe('Seats 3D, 3E: 2 × 5,000 = 10,000 to pay.');
    await customer.getByRole('button', { name: 'Book 2 seats for 10,000' }).click();
    await messageOf(customer, 'booking-messages').getByText('Seat 3E was just taken by someone else').waitFor();
    await customer.waitForSelector('.seat-map [data-seat="3E"].taken[aria-disabled="true"]');
    expect(await seat(customer, '3D').getAttribute('aria-pressed')).toBe('true');
  });

  it('books seats picked with the keyboard and shows them taken', async () => {
    await seat(customer, '3D').focus();
    await customer.keyboard.press('ArrowLeft');
    await customer.keyboard.press('Space');
    expect(await seat(customer, '3C').getAttribute('aria-pressed')).toBe('true');
    await customer.getByRole('button', { name: 'Book 2 seats for 10,000' }).click();
    await messageOf(customer, 'booking-messages').getByText('Booked seats 3C, 3D for Soul, 10,000 paid.').waitFor();
    for (const label of ['3C', '3D', '3E']) await customer.waitForSelector(`.seat-map [data-seat="${label}"].taken[aria-disabled="true"]`);
    expect(await seat(customer, '3F').getAttribute('aria-disabled')).toBeNull();
    await customer.setViewportSize({ width: 1100, height: 800 });
    await screenshot(customer, 'web-book.png');
    await customer.setViewportSize(phone);
  });

  it('shows the booking with its status and history, then the ticket printed by staff, live, without reloading', async () => {
    await customer.evaluate(() => ((globalThis as any).notReloaded = true));
    await nav(customer, 'My bookings');
    const booking = card(customer, '3C, 3D');
    await booking.locator('.ticket-state', { hasText: 'waiting to be printed' }).waitFor();
    expect(await booking.getAttribute('data-status')).toBe('1');
    await booking.getByRole('button', { name: 'Show history' }).click();
    await booking.locator('.history li').first().waitFor();
    const bookingId = (await booking.locator('.booking-id').textContent())!;

    const staff = await browser.newPage({ baseURL: gateway() });
    await staff.goto('/#staff');
    await signIn(staff, 'clerk');
    await staff.getByLabel('Booking id').fill(bookingId);
    await staff.getByRole('button', { name: 'Find ticket' }).click();
    await staff.locator('.ticket-card[data-ticket-status="Waiting"]').waitFor();
    await staff.getByRole('button', { name: 'Print ticket' }).click();
    await messageOf(staff, 'ticket-messages').getByText('Ticket printed for seats 3C, 3D.').waitFor();
    expect(await staff.locator('.ticket-card').getAttribute('data-ticket-status')).toBe('Printed');
    await staff.close();

    await customer.waitForSelector(`.booking-card[data-booking-id="${bookingId}"][data-status="2"]`);
    expect(await booking.locator('.badge').textContent()).toBe('Ticket printed');
    expect(await booking.getByRole('button', { name: 'Cancel booking' }).count()).toBe(0);
    await customer.locator('#live-feed li', { hasText: /print/i }).first().waitFor();
    expect(await customer.evaluate(() => (globalThis as any).notReloaded)).toBe(true);
    await booking.locator('.history li', { hasText: /printed$/ }).waitFor();
    await screenshot(customer, 'web-bookings-phone.png');
  });

  it('cancels a booking before printing, and its seat is free again', async () => {
    await nav(customer, 'Book seats');
    await seat(customer, '5F').click();
    await customer.getByRole('button', { name: 'Book 1 seat for 5,000' }).click();
    await messageOf(customer, 'booking-messages').getByText('Booked seats 5F').waitFor();
    await nav(customer, 'My bookings');
    const booking = card(customer, '5F');
    await booking.getByRole('button', { name: 'Cancel booking' }).click();
    await messageOf(customer, 'bookings-messages').getByText('Booking for seats 5F cancelled. The payment is refunded.').waitFor();
    await customer.waitForSelector('.booking-card[data-status="9"]:has-text("5F")');
    await booking.locator('dd', { hasText: 'refunded' }).waitFor();
    await nav(customer, 'Book seats');
    await customer.waitForSelector('.seat-map [data-seat="5F"].free');
  });

  it('says payment is busy, waits for Retry-After, then books on the retry', async () => {
    const faults = (body: unknown) => request('PUT', `${platform.url('payment')}/internal/faults`, body);
    expect((await faults({ delayMs: 1500 })).status).toBe(200);
    try {
      await seat(customer, '6A').click();
      await customer.getByRole('button', { name: 'Book 1 seat for 5,000' }).click();
      await messageOf(customer, 'booking-messages').getByText(/Payment is busy right now, so nothing was booked or charged\. Try again in \d+ seconds?\./).waitFor();
      expect(await customer.locator('#book-button').isDisabled()).toBe(true);
    } finally {
      await faults({ delayMs: 0, failureRate: 0 });
    }
    await customer.getByRole('button', { name: 'Try again now' }).click({ timeout: 15_000 });
    await messageOf(customer, 'booking-messages').getByText('Booked seats 6A').waitFor();
  });

  it('explains a refused cancel when the ticket was printed before the page heard of it', async () => {
    // A window that does not get live updates still offers Cancel for a booking staff has just printed.
    const stale = await browser.newContext({ viewport: phone, baseURL: gateway() });
    await stale.route('**/notifications/stream*', (route) => route.abort());
    const page = await stale.newPage();
    // Not signed in: the demo-mode customer picker acts for alice.
    await page.goto('/#bookings');
    await page.getByLabel('Or, in demo mode, act as customer').fill('alice');
    await page.getByRole('button', { name: 'Use' }).click();
    const booking = card(page, '6A');
    await booking.getByRole('button', { name: 'Cancel booking' }).waitFor();
    const bookingId = (await booking.locator('.booking-id').textContent())!;
    const [ticket] = (await get(`${gateway()}/tickets?bookingId=${bookingId}`, { 'x-customer-id': 'alice' })).body;
    expect((await request('PATCH', `${gateway()}/tickets/${ticket.id}`, { status: 'Printed' })).status).toBe(200);
    await booking.getByRole('button', { name: 'Cancel booking' }).click();
    await messageOf(page, 'bookings-messages')
      .getByText('This ticket has already been printed, so the booking can no longer be cancelled.').waitFor();
    await page.waitForSelector('#live-state[data-state="reconnecting"]');
    await stale.close();
  });

  it('ran without a script error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
