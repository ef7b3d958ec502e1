/**
 * The value of one series in a Prometheus text exposition, or undefined if it is not
 * there. Labels match whatever their order; labels not named are not compared. For
 * tests and tools that read /metrics.
 */
export function readSample(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const pairs = new Set((match[2] ?? '').match(/\w+="(?:[^"\\]|\\.)*"/g) ?? []);
    if (wanted.every((pair) => pairs.has(pair))) return Number(match[3]);
  }
  return undefined;
}
