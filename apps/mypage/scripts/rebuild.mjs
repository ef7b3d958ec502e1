// npm run mypage:rebuild: asks a running mypage to empty its read model and replay every event.
// MYPAGE_URL (default http://127.0.0.1:8083) and MYPAGE_ADMIN_TOKEN, the token mypage was started with.
const base = process.env.MYPAGE_URL ?? 'http://127.0.0.1:8083';
const token = process.env.MYPAGE_ADMIN_TOKEN;

if (!token) {
  console.error('Set MYPAGE_ADMIN_TOKEN to the token mypage was started with.');
  process.exit(2);
}

try {
  const response = await fetch(new URL('/mypages/rebuild', base), { method: 'POST', headers: { 'x-admin-token': token } });
  const body = await response.text();
  if (!response.ok) {
    console.error(`Rebuild refused: ${response.status} ${body}`);
    process.exit(1);
  }
  const { eventsReplayed, bookings, historyEntries } = JSON.parse(body);
  console.log(`My page rebuilt: ${eventsReplayed} events replayed, ${bookings} bookings, ${historyEntries} history lines.`);
} catch (error) {
  console.error(`Could not reach mypage at ${base}: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
