/**
 * Who may call what through the gateway:
 * - `public`: anyone, also without a token (the catalogue);
 * - `signed-in`: any customer or staff (a customer's reads are narrowed to their own by the services);
 * - `customer`: customers only (booking and cancelling are a customer's acts);
 * - `staff`: staff only (printing a ticket at the cinema);
 * - `hidden`: never from outside; answered 404 as if it did not exist.
 */
export type Access = 'public' | 'signed-in' | 'customer' | 'staff' | 'hidden';

interface Rule {
  methods: readonly string[] | 'any';
  path: RegExp;
  access: Access;
}

const reads = ['GET', 'HEAD'] as const;

/** First match wins; a routed path that matches none needs a signed-in caller. */
const rules: readonly Rule[] = [
  { methods: 'any', path: /^\/internal(\/|$)/, access: 'hidden' },
  // Operators call the rebuild on mypage itself, with its admin token.
  { methods: 'any', path: /^\/mypages\/rebuild\/?$/, access: 'hidden' },
  { methods: reads, path: /^\/(movies|screenings)(\/|$)/, access: 'public' },
  { methods: ['POST'], path: /^\/books\/?$/, access: 'customer' },
  { methods: ['DELETE'], path: /^\/books\/[^/]+\/?$/, access: 'customer' },
  { methods: ['PATCH'], path: /^\/tickets\/[^/]+\/?$/, access: 'staff' },
  { methods: reads, path: /^\/(books|holds|tickets|payments|mypages|notifications)(\/|$)/, access: 'signed-in' },
  // Holding seats and letting them go are a customer's acts, as booking is.
  { methods: 'any', path: /^\/holds(\/|$)/, access: 'customer' },
  // Charging and voiding (POST /payments, POST /payments/voids) are book's calls, not the public's.
  { methods: 'any', path: /^\/payments(\/|$)/, access: 'hidden' },
];

/** The access a request needs, judged on its decoded path so an encoding cannot slip past a rule. */
export function accessFor(method: string, url: string): Access {
  const path = decodedPath(url);
  if (path === undefined) return 'hidden';
  const rule = rules.find((candidate) => (candidate.methods === 'any' || candidate.methods.includes(method)) && candidate.path.test(path));
  return rule?.access ?? 'signed-in';
}

/** The path without its query, percent-decoded; undefined for a malformed encoding or a dot segment. */
function decodedPath(url: string): string | undefined {
  const raw = url.split('?', 1)[0];
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  const segments = path.split('/');
  return segments.some((segment) => segment === '.' || segment === '..' || segment.includes('\\')) ? undefined : path;
}
