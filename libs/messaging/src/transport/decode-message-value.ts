/**
 * What Nest's Kafka transport hands an @EventPattern handler: JSON objects and arrays
 * parsed, anything else as text. The in-memory transport decodes the same way, so a
 * handler sees the same input on either transport.
 */
export function decodeMessageValue(value: string): unknown {
  const first = value.charAt(0);
  if (first !== '{' && first !== '[') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
