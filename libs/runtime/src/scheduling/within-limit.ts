/**
 * Resolves when `work` settles or after `limitMs`, whichever comes first; never rejects. For
 * shutdowns that flush what they can: a peer that does not answer must not hold them up.
 */
export function withinLimit(work: Promise<unknown>, limitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)));
  return Promise.race([work.then(() => undefined, () => undefined), limit]).finally(() => clearTimeout(timer));
}
