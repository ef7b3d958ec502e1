/**
 * Runs jobs one after another in the order they were given: each starts once the one before it
 * has settled, whether it resolved or failed. A failure reaches only the caller of that job.
 */
export class OneAtATime {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.last.then(job);
    this.last = next.catch(() => undefined);
    return next;
  }
}
