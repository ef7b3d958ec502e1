// What the profile summaries (bench/profile-summary.mjs, bench/heap-summary.mjs) say of a V8 call frame's script.

/** The package a script belongs to: an npm package, Node core, or the platform's app or library under dist/. */
export function packageOf(url, unnamed) {
  if (!url) return unnamed;
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:')) return 'node core';
  if (url.includes('/dist/')) return `app: ${url.split('/dist/')[1].split('/').slice(0, 2).join('/')}`;
  return url;
}

/** The platform's own compiled code, not a package that ships a dist/ folder of its own (axios does). */
export const isPlatformScript = (url) => url.includes('/dist/') && !url.includes('node_modules');
