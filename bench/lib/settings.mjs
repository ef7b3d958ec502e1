// Settings the benchmark scripts read from the environment.

/** `NAME=value NAME=value` from an environment variable, as an object of settings for the apps. */
export function appSettings(variable) {
  return Object.fromEntries(words(variable).map((pair) => {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`${variable} takes NAME=value pairs, not ${pair}`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }));
}

/** An environment variable's space-separated words, e.g. node flags; none when unset. */
export const words = (variable) => (process.env[variable] ?? '').split(/\s+/).filter(Boolean);
