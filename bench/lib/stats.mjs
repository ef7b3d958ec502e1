// Small statistics for comparing two builds round by round.

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Two-sided sign test: under no real difference each round is a coin toss, so this is the chance
 * of a split at least as lopsided. Ties carry no sign and are left out.
 */
export function signTest(wins, losses) {
  const n = wins + losses;
  if (n === 0) return 1;
  let tail = 0;
  for (let k = Math.max(wins, losses); k <= n; k++) tail += binomial(n, k) / 2 ** n;
  return Math.min(1, 2 * tail);
}

function binomial(n, k) {
  let value = 1;
  for (let i = 1; i <= k; i++) value = (value * (n - k + i)) / i;
  return value;
}
